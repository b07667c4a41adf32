#!/usr/bin/env python3
"""An independent implementation of opening envelope version 2 (docs/ENCRYPTION.md), to check the SDK's vectors.

Usage: python3 docs/envelope_check.py VECTORS.jsonl
Each line is {"name": ..., "sealed": <op>}; ops are opened with master key 00..1f in the space of the test vectors
(or, failing that, the other space EnvelopeVectorsTest uses). Needs the `cryptography` package.
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MASTER = bytes(range(32))
SPACES = [uuid.UUID("eb5b7975-6f86-4796-851e-83d5f089c32e"), uuid.UUID("0c6e1d2f-3b4a-4c5d-8e9f-a0b1c2d3e4f5")]


def hkdf(info, length):
    return HKDF(hashes.SHA256(), length, None, info.encode()).derive(MASTER)


def parts(*items):
    out = b""
    for item in items:
        raw = item.bytes if isinstance(item, uuid.UUID) else item.encode() if isinstance(item, str) else item
        out += struct.pack(">I", len(raw)) + raw
    return out


def unbase64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def siv_open(keys, associated_data, sealed):
    nonce, ciphertext = sealed[:12], sealed[12:]
    plaintext = AESGCM(keys[:32]).decrypt(nonce, ciphertext, associated_data)
    expected = hmac.new(keys[32:], parts("synckit/siv-nonce/v1", associated_data, plaintext), hashlib.sha256)
    if expected.digest()[:12] != nonce:
        raise ValueError("synthetic nonce mismatch")
    return plaintext


def keyed_hash(key, *items):
    return hmac.new(key, parts(*items), hashlib.sha256).hexdigest()[:32]


def open_op(space, op):
    names = hkdf(f"synckit/v1/space/{space}/names", 32)
    rows = hkdf(f"synckit/v1/space/{space}/rows", 64)
    field_sets = hkdf(f"synckit/v1/space/{space}/fieldsets", 64)
    row = siv_open(rows, parts("synckit/v1/op/row", space, op["table"]), unbase64url(op["row_id"]))
    table = row[1:1 + row[0]].decode()
    rest = row[1 + row[0]:].rstrip(b"\0")
    if rest[-1:] != b"\x80" or op["table"] != "e1_" + keyed_hash(names, "synckit/v1/name/table", table):
        raise ValueError("bad row id")
    row_id = rest[:-1].decode()
    if not op.get("fields"):
        return table, row_id, {}
    column_hashes = sorted(name for name in op["fields"] if name != "e2")
    if any(op["fields"][name] != "" for name in column_hashes):
        raise ValueError("a column hash carries a value")
    associated_data = parts("synckit/v2/op/fields", space, op["table"], op["row_id"], op["hlc"],
                            uuid.UUID(op["device_id"]), *column_hashes)
    plaintext = siv_open(field_sets, associated_data, unbase64url(op["fields"]["e2"]))
    values, at = {}, 0
    for column_hash in column_hashes:
        (length,) = struct.unpack(">I", plaintext[at:at + 4])
        column, value = json.loads(plaintext[at + 4:at + 4 + length])
        at += 4 + length
        if column_hash != "c_" + keyed_hash(names, "synckit/v1/name/column", table, column):
            raise ValueError("a column does not match its hash")
        values[column] = value
    padding = plaintext[at:]
    if len(plaintext) % 16 or not 1 <= len(padding) <= 16 or padding[0] != 0x80 or any(padding[1:]):
        raise ValueError("bad padding")
    return table, row_id, values


def main(path):
    failed = 0
    for line in open(path, encoding="utf-8"):
        vector = json.loads(line)
        for space in SPACES:
            try:
                table, row_id, values = open_op(space, vector["sealed"])
                print(f"ok    {vector['name']}: {table} / {row_id}, {len(values)} fields")
                break
            except Exception:  # noqa: BLE001 - try the other space, then report
                continue
        else:
            failed += 1
            print(f"FAIL  {vector['name']}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1])
