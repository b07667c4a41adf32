package dev.synckit.client.internal.crypto;

import java.util.Arrays;
import java.util.UUID;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.Identifiers;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Encrypts one field value of an op, together with its column name, with AES-256-GCM under the space's
 * {@code fields} key.
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
     * @param value the plaintext value
     */
    record OpenedField(String column, JsonNode value) {
    }

    /**
     * Seals one value.
     *
     * @param binding the row and write the value belongs to (in sealed form)
     * @param columnHash the column's keyed hash ({@link NameHasher#column})
     * @param column the plaintext column name
     * @param value the value
     * @return the sealed text
     */
    String seal(FieldBinding binding, String columnHash, String column, JsonNode value) {
        var array = ProtocolJson.mapper().createArrayNode().add(column).add(value);
        var json = ProtocolJson.mapper().writeValueAsBytes(array);
        var plaintext = Arrays.copyOf(json, (json.length + BLOCK - 1) / BLOCK * BLOCK);
        Arrays.fill(plaintext, json.length, plaintext.length, (byte) ' ');
        Bytes.wipe(json);
        try {
            return Bytes.base64url(cipher.seal(binding.associatedData(spaceId, columnHash), plaintext));
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
     * @return the column and value
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if it does not open or does not match
     */
    OpenedField open(FieldBinding binding, String tableName, String columnHash, String sealed) {
        byte[] plaintext;
        try {
            plaintext = cipher.open(binding.associatedData(spaceId, columnHash), Bytes.fromBase64url(sealed));
        } catch (Aead.BadTagException | IllegalArgumentException e) {
            throw OpSealer.tampered("a field does not decrypt");
        }
        JsonNode array;
        try {
            array = ProtocolJson.mapper().readTree(plaintext);
        } catch (JacksonException e) {
            throw OpSealer.tampered("a field does not hold JSON");
        } finally {
            Bytes.wipe(plaintext);
        }
        if (array == null || !array.isArray() || array.size() != 2 || !array.get(0).isString()) {
            throw OpSealer.tampered("a field is not a [column, value] pair");
        }
        var column = array.get(0).stringValue();
        try {
            Identifiers.requireName("column", column);
        } catch (IllegalArgumentException e) {
            throw OpSealer.tampered("a field holds an invalid column name");
        }
        if (!names.column(tableName, column).equals(columnHash)) {
            throw OpSealer.tampered("a field's column does not match its column hash");
        }
        return new OpenedField(column, array.get(1));
    }

    void destroy() {
        cipher.destroy();
    }
}
