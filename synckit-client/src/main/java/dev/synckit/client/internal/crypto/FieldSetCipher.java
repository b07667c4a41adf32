package dev.synckit.client.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.CryptoException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

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
    private static final JsonNode PLACEHOLDER_NODE = StringNode.valueOf(PLACEHOLDER);
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
     * Seals the fields of one upsert: every column hash with {@link #PLACEHOLDER}, in ascending order, then
     * {@link #FIELD} with all values sealed together.
     *
     * @param write the op they belong to
     * @param table the op's plaintext table name
     * @param plain the op's fields, at least one
     * @return the sealed op's fields
     */
    Map<String, JsonNode> sealFields(Write write, String table, Map<String, JsonNode> plain) {
        var byHash = new TreeMap<String, String>();
        plain.keySet().forEach(column -> byHash.put(names.column(table, column), column));
        var hashes = byHash.keySet().toArray(String[]::new);
        var columns = byHash.values().toArray(String[]::new);
        var values = new JsonNode[columns.length];
        var fields = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < columns.length; i++) {
            values[i] = plain.get(columns[i]);
            fields.put(hashes[i], PLACEHOLDER_NODE);
        }
        fields.put(FIELD, StringNode.valueOf(seal(write, hashes, columns, values)));
        return fields;
    }

    /**
     * Opens the fields of one version-2 op given as its parts, after checking their form: every field but
     * {@link #FIELD} a column hash carrying {@link #PLACEHOLDER}, and at least one of them.
     *
     * @param write the op they arrived with
     * @param tableName the op's plaintext table name, already opened and checked
     * @param names the field names as pulled
     * @param values the field values as pulled, parallel to {@code names}
     * @param fieldSet where {@link #FIELD} is among them
     * @param reader turns each value into the caller's form
     * @return the fields, in column-hash order
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if anything is not in form, does not open
     *         or does not match
     */
    <T extends @Nullable Object> List<FieldCipher.OpenedField<T>> openFields(Write write, String tableName,
                                                                            String[] names,
                                                                            @Nullable Object[] values, int fieldSet,
                                                                            ValueReader<T> reader) {
        if (names.length < 2 || !(values[fieldSet] instanceof String sealed)) {
            throw OpSealer.tampered("its sealed fields are not in sealed form");
        }
        var hashes = new String[names.length - 1];
        int next = 0;
        for (int i = 0; i < names.length; i++) {
            if (i == fieldSet) {
                continue;
            }
            if (!NameHasher.isColumnHash(names[i]) || !PLACEHOLDER.equals(values[i])) {
                throw OpSealer.tampered("a field is not in sealed form");
            }
            hashes[next++] = names[i];
        }
        Arrays.sort(hashes);
        return open(write, tableName, hashes, sealed, reader);
    }

    /** Seals values given in column-hash order: the sealed text, base64url of {@code nonce || ciphertext || tag}. */
    private String seal(Write write, String[] columnHashes, String[] columns, JsonNode[] values) {
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

    /** Opens sealed values and checks them against the op's column hashes, given in ascending order. */
    private <T extends @Nullable Object> List<FieldCipher.OpenedField<T>> open(Write write, String tableName,
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
