package dev.synckit.client.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

/**
 * The app's side of a test database: its own plain JDBC connection with {@code foreign_keys=ON}, the fixture
 * tables, and small query helpers. Test support, not a fake: everything runs on a real SQLite file.
 */
public final class AppDatabase implements AutoCloseable {

    /** Projects, parents of tasks. */
    public static final String PROJECTS = "CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
            + " archived INTEGER NOT NULL DEFAULT 0)";
    /** Tasks: a child of projects, a local-only column, and a CHECK constraint to make an apply fail on purpose. */
    public static final String TASKS = "CREATE TABLE tasks (id TEXT PRIMARY KEY,"
            + " title TEXT CHECK (length(title) <= 100), done INTEGER NOT NULL DEFAULT 0, project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,"
            + " local_note TEXT)";
    /** Accounts with a password that must never leave the device. */
    public static final String ACCOUNTS = "CREATE TABLE accounts (id TEXT PRIMARY KEY, email TEXT, server TEXT,"
            + " password TEXT)";

    private final Connection connection;

    private AppDatabase(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating) the app's database and runs the given DDL.
     *
     * @param file the SQLite file
     * @param ddl statements to run first
     * @return the app database
     */
    public static AppDatabase open(Path file, String... ddl) throws SQLException {
        var c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        var db = new AppDatabase(c);
        db.exec("PRAGMA foreign_keys = ON");
        db.exec("PRAGMA busy_timeout = 5000");
        for (var statement : ddl) {
            db.exec(statement);
        }
        return db;
    }

    /** Opens the database with the fixture tables projects, tasks and accounts. */
    public static AppDatabase withFixtureTables(Path file) throws SQLException {
        return open(file, PROJECTS, TASKS, ACCOUNTS);
    }

    /** The declaration of the fixture tables: passwords and local notes do not sync. */
    public static SyncSchema fixtureSchema() {
        return SyncSchema.builder()
                .version(1)
                .table(TableSpec.builder("tasks").primaryKey("id").columns("title", "done", "project_id")
                        .parent("projects").build())
                .table(TableSpec.builder("projects").columns("name", "archived").build())
                .table(TableSpec.builder("accounts").columns("email", "server").build())
                .build();
    }

    /** Returns the app's connection. */
    public Connection connection() {
        return connection;
    }

    /** Runs one statement with parameters. */
    public int exec(String sql, Object... args) throws SQLException {
        try (var ps = prepare(sql, args)) {
            ps.execute();
            return ps.getUpdateCount();
        }
    }

    /** Returns the first column of the first row, or null. */
    public @Nullable Object value(String sql, Object... args) throws SQLException {
        var rows = rows(sql, args);
        return rows.isEmpty() ? null : rows.getFirst().values().iterator().next();
    }

    /** Returns a count query's result. */
    public long count(String sql, Object... args) throws SQLException {
        var v = value(sql, args);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Returns every row as a column → value map. */
    public List<Map<String, @Nullable Object>> rows(String sql, Object... args) throws SQLException {
        try (var ps = prepare(sql, args); var rs = ps.executeQuery()) {
            var out = new ArrayList<Map<String, @Nullable Object>>();
            var meta = rs.getMetaData();
            while (rs.next()) {
                var row = new LinkedHashMap<String, @Nullable Object>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    /** Returns the changelog, oldest first. */
    public List<Map<String, @Nullable Object>> changelog() throws SQLException {
        return rows("SELECT id, table_name, op, row_id, timestamp, data, pushed, op_id, hlc FROM sync_changelog"
                + " ORDER BY id");
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        var ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
