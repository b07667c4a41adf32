package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.synckit.server.internal.store.DeviceCursor;

/** The head and device-cursor queries of the PostgreSQL store. */
final class PgCursors {

    private PgCursors() {
    }

    static long head(Connection c, UUID spaceId) throws SQLException {
        try (var st = c.prepareStatement("SELECT head_seq FROM spaces WHERE space_id = ?")) {
            st.setObject(1, spaceId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Inside a write transaction. The insert reads the space's head, so a seq beyond it is stored as the head and an
     * unknown space inserts nothing; the upsert keeps the larger seq and time, so a cursor never moves back. Rows
     * are written in key order, so two nodes flushing the same cursors cannot deadlock.
     */
    static void save(Connection c, Collection<DeviceCursor> cursors) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO device_cursors (space_id, device_id, acked_seq, acked_at) "
                + "SELECT ?, ?, LEAST(?, head_seq), ? FROM spaces WHERE space_id = ? "
                + "ON CONFLICT (space_id, device_id) DO UPDATE SET "
                + "acked_seq = GREATEST(device_cursors.acked_seq, excluded.acked_seq), "
                + "acked_at = GREATEST(device_cursors.acked_at, excluded.acked_at)")) {
            var sorted = cursors.stream().sorted(Comparator.comparing(DeviceCursor::spaceId)
                    .thenComparing(DeviceCursor::deviceId)).toList();
            for (var cursor : sorted) {
                st.setObject(1, cursor.spaceId());
                st.setObject(2, cursor.deviceId());
                st.setLong(3, cursor.seq());
                st.setLong(4, cursor.ackedAt().toEpochMilli());
                st.setObject(5, cursor.spaceId());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    static List<DeviceCursor> of(Connection c, UUID spaceId) throws SQLException {
        try (var st = c.prepareStatement("SELECT device_id, acked_seq, acked_at FROM device_cursors "
                + "WHERE space_id = ? ORDER BY device_id::text")) {
            st.setObject(1, spaceId);
            var out = new ArrayList<DeviceCursor>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceCursor(spaceId, rs.getObject(1, UUID.class), rs.getLong(2),
                            Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
            return out;
        }
    }
}
