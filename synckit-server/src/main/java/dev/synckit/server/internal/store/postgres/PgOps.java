package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.synckit.server.internal.store.LogPage;
import dev.synckit.server.internal.store.RowState;
import tools.jackson.databind.JsonNode;

/**
 * The log and materialized-view reads of the PostgreSQL store. Each is one statement in auto-commit mode, so it
 * reads one snapshot: with appends serialized per space (see {@link PostgresStore}), a snapshot that holds seq
 * {@code n} holds every lower seq too.
 */
final class PgOps {

    private PgOps() {
    }

    static LogPage pull(Connection c, UUID spaceId, long after, int limit, long maxBytes) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + LogPage.COLUMNS
                + " FROM ops WHERE space_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            st.setObject(1, spaceId);
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
            st.setObject(1, spaceId);
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
