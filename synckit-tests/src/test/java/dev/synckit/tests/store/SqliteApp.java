package dev.synckit.tests.store;

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
import dev.synckit.client.TableSpec;

/**
 * One device of an end-to-end store test: an app's SQLite file with a {@code todos} table, the app's own JDBC
 * connection for plain SQL, and a {@link SyncEngine} syncing it through a real server.
 */
final class SqliteApp implements AutoCloseable {

    static final String TODOS_DDL = "CREATE TABLE IF NOT EXISTS todos (id TEXT PRIMARY KEY, "
            + "title TEXT NOT NULL DEFAULT '', done INTEGER NOT NULL DEFAULT 0)";
    static final SyncSchema TODOS = SyncSchema.builder().version(1)
            .table(TableSpec.builder("todos").primaryKey("id").columns("title", "done").build())
            .build();

    final Connection app;
    final SyncEngine engine;

    private SqliteApp(Connection app, SyncEngine engine) {
        this.app = app;
        this.engine = engine;
    }

    static SqliteApp open(Path db, URI server, String apiKey) throws SQLException {
        var app = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (var st = app.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.executeUpdate(TODOS_DDL);
        }
        var client = SyncKitClient.builder().serverUrl(server).apiKey(apiKey).build();
        var engine = SyncEngine.builder().database(db).schema(TODOS).client(client)
                .hostname("test-" + db.getFileName()).platform("test").build();
        return new SqliteApp(app, engine);
    }

    void exec(String sql, Object... args) throws SQLException {
        try (var ps = app.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Every todo ordered by id, as column → value maps. */
    List<Map<String, Object>> todos() throws SQLException {
        var out = new ArrayList<Map<String, Object>>();
        try (var st = app.createStatement(); var rs = st.executeQuery("SELECT id, title, done FROM todos ORDER BY id")) {
            while (rs.next()) {
                var row = new LinkedHashMap<String, Object>();
                row.put("id", rs.getString(1));
                row.put("title", rs.getString(2));
                row.put("done", rs.getInt(3));
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        engine.close();
        app.close();
    }
}
