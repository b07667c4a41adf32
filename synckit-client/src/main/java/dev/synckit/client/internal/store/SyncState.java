package dev.synckit.client.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code sync_state} key/value table: the engine's persistent settings and progress. Keys and seeded defaults
 * follow the SDK guide ({@code seeds/000}); the engine adds its own.
 */
public final class SyncState {

    /** The highest server sequence number applied locally. */
    public static final String PULL_CURSOR = "pull_cursor";
    /** {@code '1'} while the engine applies remote changes, inside its own transaction: triggers stay silent. */
    public static final String APPLYING_REMOTE = "applying_remote";
    /** {@code '1'} once every pre-existing row has entered the changelog. */
    public static final String INITIAL_SNAPSHOT_DONE = "initial_snapshot_done";
    /** Whether the app wants background sync (read by the app and the scheduler). */
    public static final String AUTO_SYNC_ENABLED = "auto_sync_enabled";
    /** Minutes between background syncs (read by the app and the scheduler). */
    public static final String SYNC_INTERVAL_MINUTES = "sync_interval_minutes";
    /** The device's hybrid logical clock: the largest clock stamped or seen. */
    public static final String HLC_LAST = "hlc_last";
    /** The device id the server assigned at registration. */
    public static final String DEVICE_ID = "device_id";
    /** The space this database syncs with. */
    public static final String SPACE_ID = "space_id";
    /** The version of the engine's own tables. */
    public static final String STORE_VERSION = "store_version";
    /** The hash of the installed declaration: installing the same declaration again is a no-op. */
    public static final String SCHEMA_HASH = "schema_hash";
    /** The installed declaration in canonical form, to find newly whitelisted columns on a change. */
    public static final String SCHEMA_DECLARATION = "schema_declaration";
    /** When the last sync, push or pull succeeded (epoch ms). */
    public static final String LAST_SUCCESS_AT = "last_success_at";
    /** When the last sync, push or pull failed (epoch ms). */
    public static final String LAST_FAILURE_AT = "last_failure_at";
    /** A short description of the last failure. */
    public static final String LAST_ERROR = "last_error";
    /** Consecutive failed syncs since the last success (absent means 0). */
    public static final String RETRY_COUNT = "retry_count";
    /** When the background worker retries after a failure (epoch ms); absent when no retry is planned. */
    public static final String NEXT_ATTEMPT_AT = "next_attempt_at";
    /** When the server last refused the credentials (epoch ms); absent after a success. */
    public static final String AUTH_FAILED_AT = "auth_failed_at";
    /**
     * {@code '1'} once this database knows that end-to-end encryption is set up for the account; from then on the
     * engine never pushes plaintext. Absent (or anything else) means it has not seen a key yet.
     */
    public static final String ENCRYPTION_ENABLED = "encryption_enabled";

    private SyncState() {
    }

    /**
     * Reads a value.
     *
     * @param c the connection
     * @param key the key
     * @return the value, or empty if the key is not set
     * @throws SQLException if the read fails
     */
    public static Optional<String> get(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT value FROM sync_state WHERE key = ?")) {
            ps.setString(1, key);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Writes a value, replacing any previous one.
     *
     * @param c the connection
     * @param key the key
     * @param value the value
     * @throws SQLException if the write fails
     */
    public static void put(Connection c, String key, String value) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO sync_state (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /**
     * Removes a value, if it is set.
     *
     * @param c the connection
     * @param key the key
     * @throws SQLException if the write fails
     */
    public static void remove(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("DELETE FROM sync_state WHERE key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }
}
