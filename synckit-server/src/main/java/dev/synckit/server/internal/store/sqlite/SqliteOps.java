package dev.synckit.server.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.synckit.server.internal.store.LogPage;
import dev.synckit.server.internal.store.RowState;
import tools.jackson.databind.JsonNode;

/** The log and materialized-view reads of the SQLite store. Each is one statement, so one consistent snapshot. */
final class SqliteOps {

    private SqliteOps() {
    }

    static LogPage pull(Connection c, UUID spaceId, long after, int limit, long maxBytes) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + LogPage.COLUMNS
                + " FROM ops WHERE space_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            st.setString(1, spaceId.toString());
            st.setLong(2, after);
            st.setInt(3, limit + 1);
            try (var rs = st.executeQuery()) {
                return LogPage.read(rs, after, limit, maxBytes);
            }
        }
    }

    static Map<String, Map<String, JsonNode>> materializedRows(Connection c, UUID spaceId, String table)
            throws SQLException {
        try (var st = c.prepareStatement(
                "SELECT row_id, tombstone, fields FROM row_state WHERE space_id = ? AND tbl = ?")) {
            st.setString(1, spaceId.toString());
            st.setString(2, table);
            var out = new TreeMap<String, Map<String, JsonNode>>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var row = RowState.decode(table, rs.getString(1), rs.getString(2), rs.getString(3));
                    var visible = row.visibleFields();
                    if (!visible.isEmpty()) {
                        out.put(row.rowId(), visible);
                    }
                }
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
