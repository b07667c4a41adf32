package dev.synckit.client.internal.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.Identifiers;
import dev.synckit.protocol.ProtocolJson;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Envelope version 1: encrypts one field value of an op, together with its column name, with AES-256-GCM under the
 * space's {@code fields} key. The SDK seals upserts in version 2 ({@link FieldSetCipher}) and uses this for ops of
 * {@value dev.synckit.protocol.Op#MAX_FIELDS} fields, which have no room for version 2's extra field, and to open
 * ops sealed in version 1.
 *
 * <p>Plaintext: the compact JSON array {@code [column, value]}, padded with trailing spaces (insignificant JSON
 * whitespace) to a multiple of 16 bytes, so the ciphertext shows a length bucket rather than the exact length.
 * Associated data: the space, the column's keyed hash and {@link FieldBinding} (the row and the write's clock key).
 * The nonce is synthetic ({@link SivGcm}): sealing the same op twice gives the same bytes, which the server's
 * idempotency check needs when a push is retried after a crash; no two different values ever share a nonce. Text:
 * unpadded base64url of {@code nonce || ciphertext || tag}, sent as the JSON string value of the hashed column.
 *
 * <p>On opening, the column name inside must hash to the column key it arrived under; a mismatch is tampering.
 * Values come back as parsed JSON ({@code 1} is an int node whatever node type was sealed).
 *
 * <p>Safe for concurrent use.
 */
final class FieldCipher {

    private static final int BLOCK = 16;

    private final UUID spaceId;
    private final NameHasher names;
    private final SivGcm cipher;

    FieldCipher(UUID spaceId, NameHasher names, SivGcm cipher) {
        this.spaceId = spaceId;
        this.names = names;
        this.cipher = cipher;
    }

    /**
     * An opened field.
     *
     * @param column the plaintext column name
     * @param value the plaintext value, as the {@link ValueReader} made it
     * @param <T> the value's type
     */
    record OpenedField<T extends @Nullable Object>(String column, T value) {
    }

    /**
     * Binds the fields of one op to it.
     *
     * @param tableHash the op's table as sent (a keyed hash)
     * @param sealedRowId the op's row id as sent (sealed)
     * @param hlc the clock of the write, encoded ({@code Hlc.encode()})
     * @param deviceId the writing device
     * @return the binding, for each of the op's fields
     */
    FieldBinding binding(String tableHash, String sealedRowId, String hlc, UUID deviceId) {
        return new FieldBinding(spaceId, tableHash, sealedRowId, hlc, deviceId);
    }

    /**
     * Seals one value.
     *
     * @param binding the row and write the value belongs to ({@link #binding})
     * @param columnHash the column's keyed hash ({@link NameHasher#column})
     * @param column the plaintext column name
     * @param value the value
     * @return the sealed text
     */
    String seal(FieldBinding binding, String columnHash, String column, JsonNode value) {
        var plaintext = plaintext(column, value);
        try {
            var associatedData = binding.associatedData(columnHash);
            return Bytes.base64url(cipher.seal(binding.noncePrefix(cipher, associatedData), associatedData,
                    plaintext));
        } finally {
            Bytes.wipe(plaintext);
        }
    }

    /**
     * Opens one value.
     *
     * @param binding the row and write the value arrived with
     * @param tableName the op's plaintext table name, already opened and checked
     * @param columnHash the column key it arrived under
     * @param sealed the sealed text
     * @param reader turns the opened value into the caller's form
     * @return the column and value
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if it does not open or does not match
     */
    <T extends @Nullable Object> OpenedField<T> open(FieldBinding binding, String tableName, String columnHash,
                                                     String sealed, ValueReader<T> reader) {
        byte[] plaintext;
        try {
            var associatedData = binding.associatedData(columnHash);
            plaintext = cipher.open(binding.noncePrefix(cipher, associatedData), associatedData,
                    Bytes.fromBase64url(sealed));
        } catch (Aead.BadTagException | IllegalArgumentException e) {
            throw OpSealer.tampered("a field does not decrypt");
        }
        try {
            return checked(names, tableName, columnHash, read(plaintext, reader));
        } finally {
            Bytes.wipe(plaintext);
        }
    }

    /**
     * Seals the fields of one op, each on its own: column hash → sealed {@code [column, value]}, in hash order.
     *
     * @param binding the row and write they belong to ({@link #binding})
     * @param table the op's plaintext table name
     * @param plain the op's fields
     * @return the sealed op's fields
     */
    Map<String, JsonNode> sealFields(FieldBinding binding, String table, Map<String, JsonNode> plain) {
        var fields = new TreeMap<String, JsonNode>();
        plain.forEach((column, value) -> {
            var columnHash = names.column(table, column);
            fields.put(columnHash, StringNode.valueOf(seal(binding, columnHash, column, value)));
        });
        return fields;
    }

    /**
     * Opens the fields of one version-1 op given as its parts: each name a column hash, each value a sealed string.
     *
     * @param binding the row and write they arrived with
     * @param tableName the op's plaintext table name, already opened and checked
     * @param columns the field names as pulled
     * @param values the field values as pulled, parallel to {@code columns}
     * @param reader turns each value into the caller's form
     * @return the fields, in the order they arrived
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if one is not in form, does not open or
     *         does not match
     */
    <T extends @Nullable Object> List<OpenedField<T>> openFields(FieldBinding binding, String tableName,
                                                                 String[] columns, @Nullable Object[] values,
                                                                 ValueReader<T> reader) {
        var fields = new ArrayList<OpenedField<T>>(columns.length);
        for (int i = 0; i < columns.length; i++) {
            if (!NameHasher.isColumnHash(columns[i]) || !(values[i] instanceof String text)) {
                throw OpSealer.tampered("a field is not in sealed form");
            }
            fields.add(open(binding, tableName, columns[i], text, reader));
        }
        return fields;
    }

    /**
     * Reads an opened plaintext: the common simple form directly ({@link PlainFieldJson}), anything else with
     * Jackson.
     *
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if it is not a {@code [column, value]} pair
     */
    static <T extends @Nullable Object> OpenedField<T> read(byte[] plaintext, ValueReader<T> reader) {
        var simple = reader.readsScalars() ? PlainFieldJson.read(plaintext, reader) : null;
        return simple != null ? simple : parse(plaintext, reader);
    }

    /** Reads an opened plaintext with Jackson: every form, and the reference for {@link PlainFieldJson}. */
    static <T extends @Nullable Object> OpenedField<T> parse(byte[] plaintext, ValueReader<T> reader) {
        try (var p = ProtocolJson.mapper().createParser(plaintext)) {
            if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_STRING) {
                throw OpSealer.tampered("a field is not a [column, value] pair");
            }
            var column = p.getString();
            var first = p.nextToken();
            if (first == null || first == JsonToken.END_ARRAY) {
                throw OpSealer.tampered("a field is not a [column, value] pair");
            }
            var value = reader.read(p, first);
            if (p.nextToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw OpSealer.tampered("a field is not a [column, value] pair");
            }
            return new OpenedField<>(column, value);
        } catch (JacksonException | IllegalArgumentException e) {
            throw OpSealer.tampered("a field does not hold JSON");
        }
    }

    /**
     * The plaintext of one value: {@code [column, value]} as compact JSON, padded with spaces to a multiple of 16
     * bytes; the simple common form written directly ({@link PlainFieldJson}), anything else by Jackson.
     */
    static byte[] plaintext(String column, JsonNode value) {
        return padded(column, value, BLOCK);
    }

    /** {@return {@code [column, value]} as compact JSON, unpadded: a field of envelope version 2} */
    static byte[] json(String column, JsonNode value) {
        return padded(column, value, 1);
    }

    /** {@link #plaintext} as Jackson writes it: every form, and the reference for {@link PlainFieldJson}. */
    static byte[] jacksonPlaintext(String column, JsonNode value) {
        return jacksonPlaintext(column, value, BLOCK);
    }

    private static byte[] padded(String column, JsonNode value, int block) {
        var simple = PlainFieldJson.write(column, value, block);
        return simple != null ? simple : jacksonPlaintext(column, value, block);
    }

    private static byte[] jacksonPlaintext(String column, JsonNode value, int block) {
        var array = ProtocolJson.mapper().createArrayNode().add(column).add(value);
        var json = ProtocolJson.mapper().writeValueAsBytes(array);
        if (block == 1) {
            return json;
        }
        var plaintext = Arrays.copyOf(json, (json.length + block - 1) / block * block);
        Arrays.fill(plaintext, json.length, plaintext.length, (byte) ' ');
        Bytes.wipe(json);
        return plaintext;
    }

    /**
     * Checks an opened column name: valid, and the one whose hash the field arrived under.
     *
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if not
     */
    static <T extends @Nullable Object> OpenedField<T> checked(NameHasher names, String tableName,
                                                               String columnHash, OpenedField<T> field) {
        try {
            Identifiers.requireName("column", field.column());
        } catch (IllegalArgumentException e) {
            throw OpSealer.tampered("a field holds an invalid column name");
        }
        if (!names.column(tableName, field.column()).equals(columnHash)) {
            throw OpSealer.tampered("a field's column does not match its column hash");
        }
        return field;
    }

    void destroy() {
        cipher.destroy();
    }
}
