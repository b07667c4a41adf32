package dev.synckit.client.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.CryptoException;

import tools.jackson.databind.JsonNode;

/**
 * Envelope version 2 of {@code docs/ENCRYPTION.md}: encrypts all fields of an op together, with one AES-256-GCM
 * under the space's {@code fieldsets} key, where version 1 ({@link FieldCipher}) seals each field on its own. One
 * cipher call and one nonce derivation per op instead of one per field, and one length bucket instead of one per
 * field.
 *
 * <p>Plaintext: for each field, in column-hash order, a 4-byte big-endian length and the compact JSON
 * {@code [column, value]}; then {@code 0x80} and zeros up to a multiple of 16 bytes (ISO/IEC 7816-4 padding).
 * Associated data: {@code "synckit/v2/op/fields"}, the space, the table hash, the sealed row id, the HLC, the device,
 * then every column hash in ascending order, each part length-prefixed ({@link Bytes.Builder}). So the sealed fields
 * open only for that row, that write (clock key) and exactly that set of columns: a column hash dropped, added or
 * swapped, or the blob moved to another op, fails to authenticate. The column hashes are sorted for the associated
 * data because a store may reorder an op's fields (PostgreSQL's {@code jsonb} does); they arrive as a set.
 * The nonce is synthetic ({@link SivGcm}), so sealing is deterministic as a retried push needs.
 *
 * <p>On opening, field {@code i} must name the column whose hash is the {@code i}-th smallest, and the count must
 * match; anything else is tampering. Values come back as the {@link ValueReader} makes them.
 *
 * <p>Safe for concurrent use.
 */
final class FieldSetCipher {

    /** The op field that carries the sealed fields; each column hash beside it carries {@link #PLACEHOLDER}. */
    static final String FIELD = "e2";
    /** The value of every column hash in a version-2 op: the value itself is inside {@link #FIELD}. */
    static final String PLACEHOLDER = "";
    private static final String DOMAIN = "synckit/v2/op/fields";
    private static final int BLOCK = 16;
    private static final int LENGTH_BYTES = 4;

    private final UUID spaceId;
    private final NameHasher names;
    private final SivGcm cipher;

    FieldSetCipher(UUID spaceId, NameHasher names, SivGcm cipher) {
        this.spaceId = spaceId;
        this.names = names;
        this.cipher = cipher;
    }

    /**
     * The write a set of fields belongs to, as sent.
     *
     * @param tableHash the op's table (a keyed hash)
     * @param sealedRowId the op's row id (sealed)
     * @param hlc the encoded clock of the write
     * @param deviceId the writing device
     */
    record Write(String tableHash, String sealedRowId, String hlc, UUID deviceId) {
    }

    /**
     * Seals the fields of one op.
     *
     * @param write the op they belong to
     * @param columnHashes the columns' keyed hashes, in ascending order
     * @param columns the plaintext column names, parallel to {@code columnHashes}
     * @param values the values, parallel to {@code columnHashes}
     * @return the sealed text: unpadded base64url of {@code nonce || ciphertext || tag}
     */
    String seal(Write write, String[] columnHashes, String[] columns, JsonNode[] values) {
        var out = new ByteArrayOutputStream(64 * columns.length + BLOCK);
        for (int i = 0; i < columns.length; i++) {
            var json = FieldCipher.json(columns[i], values[i]);
            out.writeBytes(Bytes.lengthPrefix(json));
            out.writeBytes(json);
            Bytes.wipe(json);
        }
        out.write(0x80);
        var plaintext = Arrays.copyOf(out.toByteArray(), (out.size() + BLOCK - 1) / BLOCK * BLOCK);
        try {
            return Bytes.base64url(cipher.seal(associatedData(write, columnHashes), plaintext));
        } finally {
            Bytes.wipe(plaintext);
        }
    }

    /**
     * Opens the sealed fields of one op and checks them against its column hashes.
     *
     * @param write the op they arrived with
     * @param tableName the op's plaintext table name, already opened and checked
     * @param columnHashes the op's column hashes, in ascending order
     * @param sealed the sealed text
     * @param reader turns each value into the caller's form
     * @return the fields, in {@code columnHashes} order
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if they do not open or do not match
     */
    <T extends @Nullable Object> List<FieldCipher.OpenedField<T>> open(Write write, String tableName,
                                                                      String[] columnHashes, String sealed,
                                                                      ValueReader<T> reader) {
        byte[] plaintext;
        try {
            plaintext = cipher.open(associatedData(write, columnHashes), Bytes.fromBase64url(sealed));
        } catch (Aead.BadTagException | IllegalArgumentException e) {
            throw OpSealer.tampered("its fields do not decrypt");
        }
        try {
            return read(plaintext, tableName, columnHashes, reader);
        } finally {
            Bytes.wipe(plaintext);
        }
    }

    void destroy() {
        cipher.destroy();
    }

    private <T extends @Nullable Object> List<FieldCipher.OpenedField<T>> read(byte[] plaintext, String tableName,
                                                                              String[] columnHashes,
                                                                              ValueReader<T> reader) {
        var fields = new ArrayList<FieldCipher.OpenedField<T>>(columnHashes.length);
        int at = 0;
        for (var columnHash : columnHashes) {
            if (plaintext.length - at < LENGTH_BYTES) {
                throw OpSealer.tampered("its fields are fewer than its columns");
            }
            int length = (plaintext[at] & 0xff) << 24 | (plaintext[at + 1] & 0xff) << 16
                    | (plaintext[at + 2] & 0xff) << 8 | (plaintext[at + 3] & 0xff);
            at += LENGTH_BYTES;
            if (length < 0 || length > plaintext.length - at) {
                throw OpSealer.tampered("its fields are malformed");
            }
            var json = Arrays.copyOfRange(plaintext, at, at + length);
            try {
                fields.add(FieldCipher.checked(names, tableName, columnHash, FieldCipher.read(json, reader)));
            } finally {
                Bytes.wipe(json);
            }
            at += length;
        }
        requirePadding(plaintext, at);
        return fields;
    }

    /** The rest after the last field must be exactly the padding: {@code 0x80}, then zeros, to the block's end. */
    private static void requirePadding(byte[] plaintext, int at) {
        int padding = plaintext.length - at;
        if (padding < 1 || padding > BLOCK || plaintext[at] != (byte) 0x80) {
            throw OpSealer.tampered("its fields are more than its columns, or badly padded");
        }
        for (int i = at + 1; i < plaintext.length; i++) {
            if (plaintext[i] != 0) {
                throw OpSealer.tampered("its fields are badly padded");
            }
        }
    }

    private byte[] associatedData(Write write, String[] columnHashes) {
        var builder = Bytes.builder(DOMAIN).uuid(spaceId).text(write.tableHash()).text(write.sealedRowId())
                .text(write.hlc()).uuid(write.deviceId());
        for (var columnHash : columnHashes) {
            builder.text(columnHash);
        }
        return builder.build();
    }
}
