package dev.synckit.client.internal.crypto;

import java.util.UUID;

import dev.synckit.protocol.Hlc;

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
 * @param tableHash the op's table as sent (a keyed hash)
 * @param sealedRowId the op's row id as sent (sealed)
 * @param hlc the clock of the write, encoded ({@code Hlc.encode()}, fixed width)
 * @param deviceId the writing device
 */
record FieldBinding(String tableHash, String sealedRowId, String hlc, UUID deviceId) {

    /** A binding to a write whose clock is given parsed; its encoded form is what gets bound. */
    FieldBinding(String tableHash, String sealedRowId, Hlc hlc, UUID deviceId) {
        this(tableHash, sealedRowId, hlc.encode(), deviceId);
    }

    byte[] associatedData(UUID spaceId, String columnHash) {
        return Bytes.builder("synckit/v1/op/field").uuid(spaceId).text(tableHash).text(sealedRowId).text(columnHash)
                .text(hlc).uuid(deviceId).build();
    }
}
