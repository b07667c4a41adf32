package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.server.internal.store.OpCodec;
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

    static PullPage pull(Connection c, UUID spaceId, long after, int limit, long maxBytes) throws SQLException {
        try (var st = c.prepareStatement("SELECT seq, op_id, tbl, row_id, kind, hlc, device_id, schema_version, "
                + "base_version, fields FROM ops WHERE space_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            st.setObject(1, spaceId);
            st.setLong(2, after);
            st.setInt(3, limit + 1);
            var ops = new ArrayList<SequencedOp>(Math.min(limit, 1024));
            boolean hasMore = false;
            long bytes = 0;
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    String fields = rs.getString(10);
                    bytes += fields.length();
                    if (ops.size() == limit || (!ops.isEmpty() && bytes > maxBytes)) {
                        hasMore = true;
                        break;
                    }
                    ops.add(new SequencedOp(rs.getLong(1), op(rs, fields)));
                }
            }
            long next = ops.isEmpty() ? after : ops.getLast().seq();
            return new PullPage(ops, next, hasMore);
        }
    }

    private static Op op(ResultSet rs, String fields) throws SQLException {
        long base = rs.getLong(9);
        Long baseVersion = rs.wasNull() ? null : base;
        return new Op(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                "delete".equals(rs.getString(5)) ? OpKind.DELETE : OpKind.UPSERT, OpCodec.decodeFields(fields),
                Hlc.parse(rs.getString(6)), rs.getObject(7, UUID.class), rs.getInt(8), baseVersion);
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
