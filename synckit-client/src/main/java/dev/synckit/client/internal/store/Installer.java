package dev.synckit.client.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.SyncSchema;

/**
 * Installs SyncKit into the app's SQLite file: a versioned installer for the engine's own tables (no Flyway: the
 * SDK must not put a migration tool's tables into the app's database), then the capture triggers for the declared
 * schema.
 *
 * <p>The first install also copies every existing row into the changelog (the initial snapshot), in the same
 * transaction as the triggers, so no row is captured twice or missed.
 *
 * <p>Idempotent: the triggers are recreated only when the declaration's hash (which includes
 * {@link TriggerSql#VERSION}) changed or a trigger is missing (an app migration that recreates a table drops its
 * triggers). When the declaration changes after the initial snapshot, rows of newly declared tables and values of
 * newly whitelisted columns enter the changelog, so other devices receive them. Everything runs in one
 * transaction.
 */
public final class Installer {

    /** The version of the engine's own tables this code knows. */
    public static final int STORE_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(Installer.class);

    private static final List<String> VERSION_1 = List.of(
            "CREATE TABLE IF NOT EXISTS sync_state (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS sync_changelog (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "table_name TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')), row_id TEXT NOT NULL, "
                    + "timestamp INTEGER NOT NULL, data TEXT, pushed INTEGER NOT NULL DEFAULT 0, op_id TEXT, hlc TEXT, "
                    + "pushed_at INTEGER)",
            "CREATE TABLE IF NOT EXISTS sync_row_clock (table_name TEXT NOT NULL, row_id TEXT NOT NULL, "
                    + "base_clock TEXT NOT NULL DEFAULT '', col_clocks TEXT, tombstone TEXT, "
                    + "PRIMARY KEY (table_name, row_id)) WITHOUT ROWID",
            "INSERT OR IGNORE INTO sync_state (key, value) VALUES ('pull_cursor', '0'), ('applying_remote', '0'), "
                    + "('initial_snapshot_done', '0'), ('auto_sync_enabled', '1'), ('sync_interval_minutes', '15'), "
                    + "('hlc_last', '0000000000000-00000')");

    /** Columns a {@code sync_changelog} created by an app following the SDK guide lacks. */
    private static final List<String> ADDED_CHANGELOG_COLUMNS = List.of("op_id TEXT", "hlc TEXT", "pushed_at INTEGER");

    private Installer() {
    }

    /**
     * Installs or updates SyncKit's tables and triggers.
     *
     * @param db the engine's database
     * @param schema the declaration
     * @param nowMillis the timestamp for snapshot entries of newly synced columns
     * @return whether the triggers were (re)created
     * @throws IllegalArgumentException if the declaration does not match the database's tables
     * @throws IllegalStateException if the database was set up by a newer SyncKit
     */
    public static boolean install(Database db, SyncSchema schema, long nowMillis) {
        return db.inTransaction(c -> {
            boolean fresh = migrate(c);
            SchemaInspector.verify(c, schema);
            var declaration = SchemaInspector.canonical(schema);
            var hash = sha256("triggers=" + TriggerSql.VERSION + "\n" + declaration);
            if (SyncState.get(c, SyncState.SCHEMA_HASH).orElse("").equals(hash) && triggersPresent(c, schema)) {
                return false;
            }
            var previous = SyncState.get(c, SyncState.SCHEMA_DECLARATION);
            dropTriggers(c);
            for (var t : schema.tables()) {
                for (var ddl : TriggerSql.createTriggers(t)) {
                    Sql.execute(c, ddl);
                }
            }
            if (fresh) {
                // Rows that exist before the triggers enter the changelog in the same transaction, so that every
                // row is captured exactly once: by this snapshot or by a trigger, never both, never neither.
                Changelog.snapshot(c, schema.tablesInDependencyOrder(), nowMillis);
                SyncState.put(c, SyncState.INITIAL_SNAPSHOT_DONE, "1");
            } else if (previous.isPresent() && snapshotDone(c)) {
                captureNewlySynced(c, schema, previous.get(), nowMillis);
            }
            SyncState.put(c, SyncState.SCHEMA_HASH, hash);
            SyncState.put(c, SyncState.SCHEMA_DECLARATION, declaration);
            log.info("Installed SyncKit capture triggers for {} tables", schema.tables().size());
            return true;
        });
    }

    /** Brings the engine's tables to {@link #STORE_VERSION}; returns whether they were created just now. */
    private static boolean migrate(Connection c) throws SQLException {
        int stored = storedVersion(c);
        if (stored > STORE_VERSION) {
            throw new IllegalStateException("this database was set up by a newer SyncKit (store version " + stored
                    + "); this version understands up to " + STORE_VERSION);
        }
        if (stored < 1) {
            for (var ddl : VERSION_1) {
                Sql.execute(c, ddl);
            }
            addMissingChangelogColumns(c);
            SyncState.put(c, SyncState.STORE_VERSION, Integer.toString(STORE_VERSION));
            return true;
        }
        return false;
    }

    private static int storedVersion(Connection c) throws SQLException {
        if (Sql.queryLong(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'") == 0) {
            return 0;
        }
        return SyncState.get(c, SyncState.STORE_VERSION).map(Integer::parseInt).orElse(0);
    }

    private static void addMissingChangelogColumns(Connection c) throws SQLException {
        var existing = new ArrayList<String>();
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA table_info(sync_changelog)")) {
            while (rs.next()) {
                existing.add(rs.getString("name").toLowerCase(Locale.ROOT));
            }
        }
        for (var column : ADDED_CHANGELOG_COLUMNS) {
            if (!existing.contains(column.substring(0, column.indexOf(' ')))) {
                Sql.execute(c, "ALTER TABLE sync_changelog ADD COLUMN " + column);
            }
        }
    }

    private static boolean snapshotDone(Connection c) throws SQLException {
        return "1".equals(SyncState.get(c, SyncState.INITIAL_SNAPSHOT_DONE).orElse("0"));
    }

    private static boolean triggersPresent(Connection c, SyncSchema schema) throws SQLException {
        try (var ps = c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?")) {
            for (var t : schema.tables()) {
                for (var kind : TriggerSql.KINDS) {
                    ps.setString(1, TriggerSql.triggerName(t.name(), kind));
                    try (var rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) == 0) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private static void dropTriggers(Connection c) throws SQLException {
        var names = new ArrayList<String>();
        try (var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'synckit\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        for (var name : names) {
            Sql.execute(c, "DROP TRIGGER IF EXISTS " + Sql.quote(name));
        }
    }

    private static void captureNewlySynced(Connection c, SyncSchema schema, String previous, long nowMillis)
            throws SQLException {
        var before = SchemaInspector.columnsByTable(previous);
        for (var t : schema.tablesInDependencyOrder()) {
            var old = before.get(t.name());
            if (old == null) {
                Changelog.snapshotColumns(c, t, "INSERT", t.columns(), nowMillis);
                continue;
            }
            var added = t.columns().stream().filter(col -> !old.contains(col)).toList();
            if (!added.isEmpty()) {
                Changelog.snapshotColumns(c, t, "UPDATE", added, nowMillis);
            }
        }
    }

    private static String sha256(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
