package dev.synckit.server.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.synckit.server.internal.store.DeviceCursor;

/** The head and device-cursor queries of the SQLite store. */
final class SqliteCursors {

    private SqliteCursors() {
    }

    static long head(Connection c, UUID spaceId) throws SQLException {
        try (var st = c.prepareStatement("SELECT head_seq FROM spaces WHERE space_id = ?")) {
            st.setString(1, spaceId.toString());
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Inside a write transaction. The insert reads the space's head, so a seq beyond it is stored as the head and an
     * unknown space inserts nothing; the upsert keeps the larger seq and time, so a cursor never moves back.
     */
    static void save(Connection c, Collection<DeviceCursor> cursors) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO device_cursors (space_id, device_id, acked_seq, acked_at) "
                + "SELECT ?, ?, MIN(?, head_seq), ? FROM spaces WHERE space_id = ? "
                + "ON CONFLICT (space_id, device_id) DO UPDATE SET acked_seq = MAX(acked_seq, excluded.acked_seq), "
                + "acked_at = MAX(acked_at, excluded.acked_at)")) {
            for (var cursor : sorted(cursors)) {
                st.setString(1, cursor.spaceId().toString());
                st.setString(2, cursor.deviceId().toString());
                st.setLong(3, cursor.seq());
                st.setLong(4, cursor.ackedAt().toEpochMilli());
                st.setString(5, cursor.spaceId().toString());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    static List<DeviceCursor> of(Connection c, UUID spaceId) throws SQLException {
        try (var st = c.prepareStatement("SELECT device_id, acked_seq, acked_at FROM device_cursors "
                + "WHERE space_id = ? ORDER BY device_id")) {
            st.setString(1, spaceId.toString());
            var out = new ArrayList<DeviceCursor>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceCursor(spaceId, UUID.fromString(rs.getString(1)), rs.getLong(2),
                            Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
            return out;
        }
    }

    /** Key order: the same order in every writer, and B-tree friendly. */
    static List<DeviceCursor> sorted(Collection<DeviceCursor> cursors) {
        return cursors.stream().sorted(Comparator.comparing((DeviceCursor d) -> d.spaceId().toString())
                .thenComparing(d -> d.deviceId().toString())).toList();
    }
}
