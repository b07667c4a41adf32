package dev.synckit.tests.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncSchema;

/**
 * One simulated device in an end-to-end test: an app's SQLite file, the app's own JDBC connection (plain SQL,
 * foreign keys on) and a SyncEngine syncing that file through a real server.
 */
final class Replica implements AutoCloseable {

    final Path db;
    final Connection app;
    final SyncEngine engine;

    private Replica(Path db, Connection app, SyncEngine engine) {
        this.db = db;
        this.app = app;
        this.engine = engine;
    }

    /** Creates the app's tables with {@code ddl} (statements separated by {@code ;}), then installs sync on the file. */
    static Replica open(Path db, String ddl, SyncSchema schema, URI server, String apiKey) throws SQLException {
        var app = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (var st = app.createStatement()) {
            st.execute("PRAGMA foreign_keys = ON");
            st.execute("PRAGMA busy_timeout = 10000");
            for (var stmt : ddl.split(";")) {
                if (!stmt.isBlank()) {
                    st.executeUpdate(stmt);
                }
            }
        }
        var client = SyncKitClient.builder().serverUrl(server).apiKey(apiKey).build();
        var engine = SyncEngine.builder().database(db).schema(schema).client(client)
                .hostname("test-" + db.getFileName()).platform("test").build();
        return new Replica(db, app, engine);
    }

    /** Runs one statement with parameters on the app's connection. */
    int exec(String sql, Object... args) throws SQLException {
        try (var ps = app.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Runs {@code work} in one transaction on the app's connection. */
    void inTransaction(SqlWork work) throws SQLException {
        app.setAutoCommit(false);
        try {
            work.run();
            app.commit();
        } catch (SQLException | RuntimeException e) {
            app.rollback();
            throw e;
        } finally {
            app.setAutoCommit(true);
        }
    }

    /** Every row of {@code table} ordered by its primary key, as column → value maps. */
    List<Map<String, Object>> rows(String table, String orderBy) throws SQLException {
        var out = new ArrayList<Map<String, Object>>();
        try (var st = app.createStatement(); var rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
            var md = rs.getMetaData();
            while (rs.next()) {
                var row = new LinkedHashMap<String, Object>();
                for (int c = 1; c <= md.getColumnCount(); c++) {
                    row.put(md.getColumnName(c), rs.getObject(c));
                }
                out.add(row);
            }
        }
        return out;
    }

    long count(String sql) throws SQLException {
        try (var st = app.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows reported by {@code PRAGMA foreign_key_check}: empty when every reference resolves. */
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
        app.close();
    }

    @FunctionalInterface
    interface SqlWork {
        void run() throws SQLException;
    }
}
