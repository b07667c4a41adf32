package dev.synckit.client.internal.apply;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import tools.jackson.databind.JsonNode;

/**
 * Binds an op's JSON field values to SQL parameters, the inverse of the triggers' {@code json_object}: strings
 * as TEXT, integers as INTEGER, other numbers as REAL, {@code null} as NULL. Values {@code json_object} never
 * produces (booleans from other writers, objects, arrays) are stored as 1/0 and as JSON text.
 */
final class JsonValues {

    private JsonValues() {
    }

    static void bind(PreparedStatement ps, int index, JsonNode value) throws SQLException {
        if (value.isNull() || value.isMissingNode()) {
            ps.setNull(index, Types.NULL);
        } else if (value.isString()) {
            ps.setString(index, value.stringValue());
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            ps.setLong(index, value.longValue());
        } else if (value.isNumber() && !value.isIntegralNumber()) {
            ps.setDouble(index, value.doubleValue());
        } else if (value.isBoolean()) {
            ps.setInt(index, value.booleanValue() ? 1 : 0);
        } else {
            ps.setString(index, value.toString());
        }
    }
}
