package dev.synckit.client.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.Identifiers;

/**
 * Seals a row's identity, its table name and row id, into the op's {@code row_id}, deterministically
 * ({@link SivGcm}): the same row gives the same text on every device, so the server groups a row's ops as before,
 * yet only key holders can read it. This is how a receiver learns the plaintext table and row id of every op,
 * deletes included, which carry no fields.
 *
 * <p>Plaintext: {@code len(table) (1 byte) || table (ASCII) || row id (UTF-8)}, padded ISO/IEC 7816-4 style
 * ({@code 0x80} then zeros) to a multiple of 16 bytes so that the text reveals only a length bucket. Associated
 * data: the domain, the space id and the table's keyed hash, so a sealed row id moved to another table or space
 * does not open. Text: unpadded base64url of {@code nonce || ciphertext || tag}, at most 256 characters, which
 * limits table name plus row id to {@value #MAX_NAME_BYTES} bytes of UTF-8.
 *
 * <p>Safe for concurrent use.
 */
final class RowIdCipher {

    /** The most bytes table name and row id (UTF-8) may have together in an encrypted space. */
    static final int MAX_NAME_BYTES = 158;
    private static final int BLOCK = 16;

    private final UUID spaceId;
    private final NameHasher names;
    private final SivGcm cipher;

    RowIdCipher(UUID spaceId, NameHasher names, SivGcm cipher) {
        this.spaceId = spaceId;
        this.names = names;
        this.cipher = cipher;
    }

    /**
     * The plaintext identity of a row.
     *
     * @param table the table name
     * @param rowId the row id
     */
    record RowName(String table, String rowId) {
    }

    /**
     * Returns whether a row's identity fits the sealed form.
     *
     * @param table a valid table name
     * @param rowId a valid row id
     * @return whether table and row id together have at most {@value #MAX_NAME_BYTES} UTF-8 bytes
     */
    static boolean fits(String table, String rowId) {
        return table.length() + Bytes.utf8(rowId).length <= MAX_NAME_BYTES;
    }

    /**
     * Seals.
     *
     * @param tableHash the table's keyed hash ({@link NameHasher#table})
     * @param table the table name
     * @param rowId the row id
     * @return the sealed row id
     * @throws IllegalArgumentException if the names do not {@linkplain #fits fit}
     */
    String seal(String tableHash, String table, String rowId) {
        var tableBytes = Bytes.utf8(table);
        var rowBytes = Bytes.utf8(rowId);
        if (tableBytes.length + rowBytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("in an encrypted space, table name and row id together must be at most "
                    + MAX_NAME_BYTES + " bytes of UTF-8");
        }
        int content = 1 + tableBytes.length + rowBytes.length;
        var plaintext = ByteBuffer.allocate((content / BLOCK + 1) * BLOCK)
                .put((byte) tableBytes.length).put(tableBytes).put(rowBytes).put((byte) 0x80).array();
        try {
            return Bytes.base64url(cipher.seal(associatedData(tableHash), plaintext));
        } finally {
            Bytes.wipe(plaintext);
            Bytes.wipe(rowBytes);
        }
    }

    /**
     * Opens a sealed row id and checks its table against the op's table hash.
     *
     * @param tableHash the op's table (a keyed hash)
     * @param sealedRowId the op's row id
     * @return the plaintext names
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if it does not open or does not match
     */
    RowName open(String tableHash, String sealedRowId) {
        byte[] plaintext;
        try {
            plaintext = cipher.open(associatedData(tableHash), Bytes.fromBase64url(sealedRowId));
        } catch (Aead.BadTagException | IllegalArgumentException e) {
            throw OpSealer.tampered("its row id does not decrypt");
        }
        try {
            var name = decode(plaintext);
            if (!names.table(name.table()).equals(tableHash)) {
                throw OpSealer.tampered("its table does not match its table hash");
            }
            return name;
        } finally {
            Bytes.wipe(plaintext);
        }
    }

    void destroy() {
        cipher.destroy();
    }

    private byte[] associatedData(String tableHash) {
        return Bytes.builder("synckit/v1/op/row").uuid(spaceId).text(tableHash).build();
    }

    private static RowName decode(byte[] plaintext) {
        int end = plaintext.length - 1;
        while (end >= 0 && plaintext[end] == 0) {
            end--;
        }
        if (end < 1 || plaintext[end] != (byte) 0x80) {
            throw OpSealer.tampered("its row id is badly padded");
        }
        int tableLength = plaintext[0] & 0xff;
        if (1 + tableLength > end) {
            throw OpSealer.tampered("its row id is malformed");
        }
        try {
            var table = strictUtf8(plaintext, 1, 1 + tableLength);
            var rowId = strictUtf8(plaintext, 1 + tableLength, end);
            Identifiers.requireName("table", table);
            Identifiers.requireRowId(rowId);
            return new RowName(table, rowId);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw OpSealer.tampered("its row id holds invalid names");
        }
    }

    // Names are mostly ASCII, which needs no decoder; anything else goes through a strict one, so that malformed
    // UTF-8 is refused rather than replaced.
    private static String strictUtf8(byte[] bytes, int from, int to) throws CharacterCodingException {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from))
                        .toString();
            }
        }
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }
}
