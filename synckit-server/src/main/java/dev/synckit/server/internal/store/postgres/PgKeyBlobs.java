package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import dev.synckit.protocol.KeyBlob;

/** The wrapped-key blob queries of the PostgreSQL store. */
final class PgKeyBlobs {

    private PgKeyBlobs() {
    }

    static Optional<KeyBlob> of(Connection c, UUID userId) throws SQLException {
        try (var st = c.prepareStatement("SELECT blob, version, updated_at FROM key_blobs WHERE user_id = ?")) {
            st.setObject(1, userId);
            try (var rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new KeyBlob(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))))
                        : Optional.empty();
            }
        }
    }

    /** Inside a write transaction; one conditional statement either way, so the compare and the set are atomic. */
    static OptionalLong put(Connection c, UUID userId, String blob, long expectedVersion, Instant now)
            throws SQLException {
        if (expectedVersion == 0) {
            try (var st = c.prepareStatement("INSERT INTO key_blobs (user_id, blob, version, updated_at) "
                    + "VALUES (?, ?, 1, ?) ON CONFLICT (user_id) DO NOTHING")) {
                st.setObject(1, userId);
                st.setString(2, blob);
                st.setLong(3, now.toEpochMilli());
                return st.executeUpdate() == 1 ? OptionalLong.of(1) : OptionalLong.empty();
            }
        }
        try (var st = c.prepareStatement("UPDATE key_blobs SET blob = ?, version = version + 1, updated_at = ? "
                + "WHERE user_id = ? AND version = ?")) {
            st.setString(1, blob);
            st.setLong(2, now.toEpochMilli());
            st.setObject(3, userId);
            st.setLong(4, expectedVersion);
            return st.executeUpdate() == 1 ? OptionalLong.of(expectedVersion + 1) : OptionalLong.empty();
        }
    }
}
