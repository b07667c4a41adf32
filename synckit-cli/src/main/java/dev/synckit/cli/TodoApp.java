package dev.synckit.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

/**
 * The demo app behind {@code synckit client}: a {@code todos} table (the row of BENCHMARKS.md) that the app reads
 * and writes with plain SQL through its own connection, exactly like an app that adopts SyncKit would.
 */
final class TodoApp implements AutoCloseable {

    /** The demo's sync declaration: every column but the primary key syncs. */
    static final SyncSchema SCHEMA = SyncSchema.builder().version(1)
            .table(TableSpec.builder("todos").primaryKey("id")
                    .columns("title", "done", "project_id", "updated_at").build())
            .build();

    static final String DDL = """
            CREATE TABLE IF NOT EXISTS todos (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                done INTEGER NOT NULL DEFAULT 0,
                project_id TEXT,
                updated_at INTEGER NOT NULL DEFAULT 0
            )""";

    /** One row as the demo shows it. */
    record Todo(String id, String title, boolean done, long updatedAt) {
    }

    private final Connection conn;

    TodoApp(Path db) throws SQLException {
        this.conn = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (var st = conn.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
        }
    }

    void createTableIfMissing() throws SQLException {
        try (var st = conn.createStatement()) {
            st.execute(DDL);
        }
    }

    boolean tableExists() throws SQLException {
        try (var ps = conn.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'todos'");
             var rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    String add(String title) throws SQLException {
        var id = UUID.randomUUID().toString();
        try (var ps = conn.prepareStatement("INSERT INTO todos (id, title, done, updated_at) VALUES (?, ?, 0, ?)")) {
            ps.setString(1, id);
            ps.setString(2, title);
            ps.setLong(3, System.currentTimeMillis());
            ps.executeUpdate();
        }
        return id;
    }

    void setDone(String idOrPrefix, boolean done) throws SQLException {
        update(idOrPrefix, "UPDATE todos SET done = ?, updated_at = ? WHERE id = ?", done ? 1 : 0);
    }

    void rename(String idOrPrefix, String title) throws SQLException {
        update(idOrPrefix, "UPDATE todos SET title = ?, updated_at = ? WHERE id = ?", title);
    }

    void remove(String idOrPrefix) throws SQLException {
        var id = resolve(idOrPrefix);
        try (var ps = conn.prepareStatement("DELETE FROM todos WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    List<Todo> list() throws SQLException {
        var out = new ArrayList<Todo>();
        try (var ps = conn.prepareStatement("SELECT id, title, done, updated_at FROM todos ORDER BY updated_at, id");
             var rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Todo(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getLong(4)));
            }
        }
        return out;
    }

    private void update(String idOrPrefix, String sql, Object value) throws SQLException {
        var id = resolve(idOrPrefix);
        try (var ps = conn.prepareStatement(sql)) {
            ps.setObject(1, value);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /** Finds the one todo whose id is {@code idOrPrefix} or starts with it. */
    String resolve(String idOrPrefix) throws SQLException {
        var matches = new ArrayList<String>();
        try (var ps = conn.prepareStatement("SELECT id FROM todos WHERE id = ? OR substr(id, 1, length(?)) = ?")) {
            ps.setString(1, idOrPrefix);
            ps.setString(2, idOrPrefix);
            ps.setString(3, idOrPrefix);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    matches.add(rs.getString(1));
                }
            }
        }
        if (matches.size() != 1) {
            throw new IllegalArgumentException(matches.isEmpty() ? "no todo with id " + idOrPrefix
                    : "id prefix " + idOrPrefix + " matches " + matches.size() + " todos; give more characters");
        }
        return matches.getFirst();
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
