package dev.synckit.client.internal.crypto;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a sealed field value is bound to, besides its space and column: its row (table hash and sealed row id) and
 * the clock key of the write that set it (HLC and device). It becomes part of the value's associated data, so a value
 * that the server moves to another row, table, column or space, or re-stamps with another clock or device (to win
 * the merge with an old value), no longer decrypts.
 *
 * <p>Deliberately exactly what the server's materialized state keeps per field (value plus clock key of the winning
 * write), so a value still opens when the server re-delivers it from a compacted log or a row-based snapshot. Not
 * bound, for the same reason: the op id (a device's clocks strictly increase, so HLC and device already identify the
 * write), the kind (only upserts carry fields), the schema version and the base version.
 *
 * <p>A field's associated data is {@code domain, space, table hash, sealed row id, column hash, hlc, device}, each
 * part length-prefixed ({@link Bytes.Builder}). All parts but the column hash are the same for every field of an op,
 * so they are encoded once per op ({@link FieldCipher#binding}) and only the column hash is encoded per field; the
 * synthetic nonce's derivation hashes them once per op too ({@link #noncePrefix}). Used by one thread, for one op.
 */
final class FieldBinding {

    private static final String DOMAIN = "synckit/v1/op/field";

    private final byte[] beforeColumn;
    private final byte[] afterColumn;
    private SivGcm.@Nullable NoncePrefix noncePrefix;

    /**
     * @param spaceId the space
     * @param tableHash the op's table as sent (a keyed hash)
     * @param sealedRowId the op's row id as sent (sealed)
     * @param hlc the clock of the write, encoded ({@code Hlc.encode()}, fixed width)
     * @param deviceId the writing device
     */
    FieldBinding(UUID spaceId, String tableHash, String sealedRowId, String hlc, UUID deviceId) {
        this.beforeColumn = Bytes.builder(DOMAIN).uuid(spaceId).text(tableHash).text(sealedRowId).build();
        this.afterColumn = Bytes.parts().text(hlc).uuid(deviceId).build();
    }

    /** {@return the associated data of the op's field under a column hash} */
    byte[] associatedData(String columnHash) {
        var column = Bytes.utf8(columnHash);
        return Bytes.concat(beforeColumn, Bytes.lengthPrefix(column), column, afterColumn);
    }

    /**
     * Returns the nonce derivation started on the parts before the column, for associated data of this length:
     * column hashes have one length, so one prefix serves every field of the op. Made on first use.
     *
     * @param cipher the field cipher
     * @param associatedData a field's associated data ({@link #associatedData})
     * @return the prefix
     */
    SivGcm.NoncePrefix noncePrefix(SivGcm cipher, byte[] associatedData) {
        var prefix = noncePrefix;
        if (prefix == null || prefix.associatedDataLength() != associatedData.length) {
            prefix = cipher.prefix(associatedData.length, beforeColumn);
            noncePrefix = prefix;
        }
        return prefix;
    }
}
