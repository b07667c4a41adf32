package dev.synckit.client.internal.apply;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import org.jspecify.annotations.Nullable;

/**
 * Binds decoded field values ({@code RemoteOp}'s {@link String}, {@link Long}, {@link Double}, {@link Integer} or
 * null, the inverse of the triggers' {@code json_object}) to SQL parameters: TEXT, INTEGER, REAL, INTEGER, NULL.
 */
final class SqlValues {

    private SqlValues() {
    }

    static void bind(PreparedStatement ps, int index, @Nullable Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.NULL);
            case String s -> ps.setString(index, s);
            case Long l -> ps.setLong(index, l);
            case Integer i -> ps.setInt(index, i);
            case Double d -> ps.setDouble(index, d);
            default -> ps.setString(index, value.toString());
        }
    }
}
