package dev.synckit.bench.jmh;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

/** The {@code todos} row of BENCHMARKS.md for the micro-benchmarks, with a cheap supply of unique ids. */
final class JmhRows {

    static final String DDL = """
            CREATE TABLE IF NOT EXISTS %s (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                done INTEGER NOT NULL DEFAULT 0,
                project_id TEXT,
                updated_at INTEGER NOT NULL DEFAULT 0
            )""";

    static final SyncSchema SCHEMA = SyncSchema.builder().version(1)
            .table(TableSpec.builder("todos").primaryKey("id").columns("title", "done", "project_id", "updated_at").build())
            .build();

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Random random = new Random(42);
    private final String idPrefix = UUID.randomUUID().toString().substring(0, 24);
    private final List<String> titles = new ArrayList<>();
    private final List<String> projects = new ArrayList<>();
    private long next;

    JmhRows() {
        for (int i = 0; i < 1024; i++) {
            var sb = new StringBuilder(40);
            for (int c = 0; c < 40; c++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            titles.add(sb.toString());
        }
        for (int i = 0; i < 10; i++) {
            projects.add(UUID.randomUUID().toString());
        }
    }

    /** A UUID-shaped id, unique within this supply, without the cost of a random UUID per row. */
    String nextId() {
        return idPrefix + String.format("%012x", next++);
    }

    /** Inserts {@code n} rows into {@code table} with plain SQL in one transaction. */
    void insert(Connection app, String table, int n) throws SQLException {
        app.setAutoCommit(false);
        try (var ps = app.prepareStatement("INSERT INTO " + table
                + " (id, title, done, project_id, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                ps.setString(1, nextId());
                ps.setString(2, titles.get(i & 1023));
                ps.setInt(3, i & 1);
                ps.setString(4, projects.get(i % 10));
                ps.setLong(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
            app.commit();
        } catch (SQLException | RuntimeException e) {
            app.rollback();
            throw e;
        } finally {
            app.setAutoCommit(true);
        }
    }
}
