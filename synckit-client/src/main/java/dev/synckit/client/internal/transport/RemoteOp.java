package dev.synckit.client.internal.transport;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One op of a pulled page in the form the engine applies it: decoded straight from the wire by {@link PageDecoder},
 * without {@code Op} records or JSON trees, with its field values ready to bind.
 *
 * <p>Values follow the inverse of the capture triggers' {@code json_object}, as {@code JsonValues} did for trees:
 * a JSON string is a {@link String}, an integer that fits a {@code long} a {@link Long}, another number a
 * {@link Double} (an integer too large for a {@code long} keeps its text, a {@link String}), {@code true}/{@code false}
 * an {@link Integer} 1/0, an object or array its compact JSON text, and {@code null} a Java {@code null}.
 *
 * <p>The arrays are owned by the op and never modified after decoding; they are not copied (this type only travels
 * inside the engine).
 *
 * @param seq the op's position in the space's log
 * @param table the table name, syntax-checked
 * @param rowId the row id, syntax-checked
 * @param delete whether the op is a delete (it then has no fields)
 * @param columns the field names, syntax-checked, in wire order
 * @param values the field values, parallel to {@code columns}
 * @param hlc the encoded clock, syntax-checked (fixed width, so encoded clocks compare as strings)
 * @param deviceId the writing device
 * @param clockKey {@code hlc@device}, the merge order ({@code Op.clockKey()})
 */
public record RemoteOp(long seq, String table, String rowId, boolean delete, String[] columns,
                       @Nullable Object[] values, String hlc, UUID deviceId, String clockKey) {

    /** {@return the number of fields} */
    public int fieldCount() {
        return columns.length;
    }
}
