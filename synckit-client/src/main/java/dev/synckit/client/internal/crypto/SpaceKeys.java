package dev.synckit.client.internal.crypto;

import java.util.UUID;

/**
 * The data keys of one space, derived from the master key with HKDF-SHA256 and an info string naming the purpose
 * and the space ({@code synckit/v1/space/<uuid>/<purpose>}). Per-space keys make keyed hashes and ciphertexts of
 * one space useless in another: the same table name hashes differently, and a value copied across spaces does not
 * decrypt.
 *
 * <p>Purposes: {@code names} (32 bytes, the HMAC key of {@link NameHasher}), {@code rows} (64 bytes,
 * {@link RowIdCipher}'s deterministic cipher), {@code fields} (64 bytes, {@link FieldCipher}'s cipher: envelope
 * version 1) and {@code fieldsets} (64 bytes, {@link FieldSetCipher}'s cipher: envelope version 2).
 */
final class SpaceKeys {

    private SpaceKeys() {
    }

    static byte[] derive(MasterKey masterKey, UUID spaceId, String purpose, int length) {
        return Hkdf.derive(masterKey.bytes(), "synckit/v1/space/" + spaceId + "/" + purpose, length);
    }

    /** Builds the ciphers of a space; wipes the intermediate key bytes. */
    static SpaceCipher cipher(MasterKey masterKey, UUID spaceId) {
        var names = derive(masterKey, spaceId, "names", 32);
        var rows = derive(masterKey, spaceId, "rows", 64);
        var fields = derive(masterKey, spaceId, "fields", 64);
        var fieldSets = derive(masterKey, spaceId, "fieldsets", 64);
        try {
            var hasher = new NameHasher(names);
            return new SpaceCipher(hasher, new RowIdCipher(spaceId, hasher, new SivGcm(rows)),
                    new FieldCipher(spaceId, hasher, new SivGcm(fields)),
                    new FieldSetCipher(spaceId, hasher, new SivGcm(fieldSets)));
        } finally {
            Bytes.wipe(names);
            Bytes.wipe(rows);
            Bytes.wipe(fields);
            Bytes.wipe(fieldSets);
        }
    }

    /**
     * The ciphers of one space.
     *
     * @param names the keyed hashes of table and column names
     * @param rows the row identity cipher
     * @param fields the cipher of single field values (envelope version 1)
     * @param fieldSets the cipher of all fields of an op (envelope version 2)
     */
    record SpaceCipher(NameHasher names, RowIdCipher rows, FieldCipher fields, FieldSetCipher fieldSets) {

        void destroy() {
            names.destroy();
            rows.destroy();
            fields.destroy();
            fieldSets.destroy();
        }
    }
}
