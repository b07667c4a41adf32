package dev.synckit.tests.e2ee;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import dev.synckit.client.SecretStore;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

/**
 * One device of an encryption test: an app's SQLite file with two tables (folders, and notes that reference a
 * folder with a foreign key), the app's own JDBC connection, and an engine whose master key is kept in a file
 * secret store in its own temporary directory. Table, column and row names are unusual words, so that a scan of
 * the server's files can look for them.
 */
final class Device implements AutoCloseable {

    static final String FOLDERS = "zebrafolders";
    static final String NOTES = "quokkanotes";
    static final String DDL = """
            CREATE TABLE IF NOT EXISTS zebrafolders (id TEXT PRIMARY KEY, marmotlabel TEXT NOT NULL DEFAULT '');
            CREATE TABLE IF NOT EXISTS quokkanotes (id TEXT PRIMARY KEY, ocelottext TEXT, narwhalflag INTEGER NOT NULL DEFAULT 0,
              folderlink TEXT NOT NULL REFERENCES zebrafolders(id) ON DELETE CASCADE)""";
    static final SyncSchema SCHEMA = SyncSchema.builder().version(1)
            .table(TableSpec.builder(NOTES).primaryKey("id").columns("ocelottext", "narwhalflag", "folderlink")
                    .parent(FOLDERS).build())
            .table(TableSpec.builder(FOLDERS).primaryKey("id").columns("marmotlabel").build())
            .build();

    final Path file;
    final Path secrets;
    final Connection app;
    final SyncKitClient client;
    final SyncEngine engine;

    private Device(Path file, Path secrets, Connection app, SyncKitClient client, SyncEngine engine) {
        this.file = file;
        this.secrets = secrets;
        this.app = app;
        this.client = client;
        this.engine = engine;
    }

    /** Opens (or reopens) the device {@code name} in {@code dir}, syncing with the user of {@code apiKey}. */
    static Device open(Path dir, String name, URI server, String apiKey) throws SQLException {
        return open(dir, name, SyncKitClient.builder().serverUrl(server).apiKey(apiKey).build());
    }

    /** Like {@link #open(Path, String, URI, String)} with a given client (the device closes it). */
    static Device open(Path dir, String name, SyncKitClient client) throws SQLException {
        return open(dir, name, client, Clock.systemUTC());
    }

    /** Like {@link #open(Path, String, SyncKitClient)} with the engine on a given clock. */
    static Device open(Path dir, String name, SyncKitClient client, Clock clock) throws SQLException {
        var file = dir.resolve(name + ".db");
        var app = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (var st = app.createStatement()) {
            st.execute("PRAGMA foreign_keys = ON");
            st.execute("PRAGMA busy_timeout = 10000");
            for (var stmt : DDL.split(";")) {
                st.executeUpdate(stmt);
            }
        }
        var secrets = dir.resolve(name + "-secrets");
        var engine = SyncEngine.builder().database(file).schema(SCHEMA).client(client)
                .secretStore(SecretStore.inDirectory(secrets)).hostname("test-" + name).platform("test").clock(clock)
                .build();
        return new Device(file, secrets, app, client, engine);
    }

    int exec(String sql, Object... args) throws SQLException {
        try (var ps = app.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    long count(String sql) throws SQLException {
        try (var st = app.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row of both tables, as {@code table/id → column values}, for comparing devices. */
    Map<String, String> contents() throws SQLException {
        var out = new TreeMap<String, String>();
        try (var st = app.createStatement()) {
            try (var rs = st.executeQuery("SELECT id, marmotlabel FROM zebrafolders")) {
                while (rs.next()) {
                    out.put("folder/" + rs.getString(1), rs.getString(2));
                }
            }
            try (var rs = st.executeQuery("SELECT id, ocelottext, narwhalflag, folderlink FROM quokkanotes")) {
                while (rs.next()) {
                    out.put("note/" + rs.getString(1), rs.getString(2) + "|" + rs.getInt(3) + "|" + rs.getString(4));
                }
            }
        }
        return out;
    }

    /** The pull cursor: the highest seq applied. */
    long cursor() throws SQLException {
        try (var st = app.createStatement();
             var rs = st.executeQuery("SELECT value FROM sync_state WHERE key = 'pull_cursor'")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    long foreignKeyViolations() throws SQLException {
        long n = 0;
        try (var st = app.createStatement(); var rs = st.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() throws SQLException {
        engine.close();
        client.close();
        app.close();
    }
}
