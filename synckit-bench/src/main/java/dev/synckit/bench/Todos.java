package dev.synckit.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

/**
 * The row of {@code BENCHMARKS.md}: table {@code todos} with a random UUID v4 id, a 40-character random
 * {@code [A-Za-z0-9]} title, a random {@code done}, one of 10 project ids per run, and {@code updated_at} in epoch
 * milliseconds; plus the plain SQL an app uses on it.
 */
final class Todos {

    static final String TABLE = "todos";
    static final int TITLE_LENGTH = 40;
    static final int PROJECTS = 10;

    static final SyncSchema SCHEMA = SyncSchema.builder().version(1)
            .table(TableSpec.builder(TABLE).primaryKey("id").columns("title", "done", "project_id", "updated_at").build())
            .build();

    static final String DDL = """
            CREATE TABLE IF NOT EXISTS todos (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                done INTEGER NOT NULL DEFAULT 0,
                project_id TEXT,
                updated_at INTEGER NOT NULL DEFAULT 0
            )""";

    static final String INSERT = "INSERT INTO todos (id, title, done, project_id, updated_at) VALUES (?, ?, ?, ?, ?)";
    static final String SELECT_ALL = "SELECT id, title, done, project_id, updated_at FROM todos ORDER BY id";

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    /** One row; {@code done} is 0 or 1 as stored. */
    record Row(String id, @Nullable String title, int done, @Nullable String projectId, long updatedAt) {
    }

    /** Makes rows for one run: its own 10 project ids and random values. Not safe for concurrent use. */
    static final class Generator {

        private final Random random;
        private final List<String> projects;

        /** A generator with its own project ids (one run, one generator). */
        Generator(Random random) {
            this(random, projects());
        }

        /** A generator for one of several threads of a run, sharing the run's project ids. */
        Generator(Random random, List<String> projects) {
            this.random = random;
            this.projects = List.copyOf(projects);
        }

        /** The 10 project ids of a run. */
        static List<String> projects() {
            var ids = new ArrayList<String>(PROJECTS);
            for (int i = 0; i < PROJECTS; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            return ids;
        }

        /** A new row created at {@code nowMillis}. */
        Row next(long nowMillis) {
            return new Row(UUID.randomUUID().toString(), title(""), random.nextInt(2),
                    projects.get(random.nextInt(PROJECTS)), nowMillis);
        }

        /** {@code n} new rows created at {@code nowMillis}. */
        List<Row> next(int n, long nowMillis) {
            var rows = new ArrayList<Row>(n);
            for (int i = 0; i < n; i++) {
                rows.add(next(nowMillis));
            }
            return rows;
        }

        /** A random 40-character title that starts with {@code prefix}. */
        String title(String prefix) {
            var sb = new StringBuilder(TITLE_LENGTH).append(prefix);
            while (sb.length() < TITLE_LENGTH) {
                sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            return sb.toString();
        }
    }

    private Todos() {
    }

    /** Inserts rows with plain SQL in transactions of {@code batch} rows. */
    static void insert(Connection app, List<Row> rows, int batch) throws SQLException {
        for (int from = 0; from < rows.size(); from += batch) {
            insertInOneTransaction(app, rows.subList(from, Math.min(rows.size(), from + batch)));
        }
    }

    /** Inserts rows with plain SQL in one transaction. */
    static void insertInOneTransaction(Connection app, List<Row> rows) throws SQLException {
        app.setAutoCommit(false);
        try (var ps = app.prepareStatement(INSERT)) {
            for (var r : rows) {
                ps.setString(1, r.id());
                ps.setString(2, r.title());
                ps.setInt(3, r.done());
                ps.setString(4, r.projectId());
                ps.setLong(5, r.updatedAt());
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

    static long count(Connection app) throws SQLException {
        try (var st = app.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM todos")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row, ordered by id. */
    static List<Row> readAll(Connection app) throws SQLException {
        var rows = new ArrayList<Row>();
        try (var st = app.createStatement(); var rs = st.executeQuery(SELECT_ALL)) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5)));
            }
        }
        return rows;
    }

    /**
     * Compares two databases' rows in id order without loading them: returns how many positions differ (a missing
     * or extra row counts once).
     */
    static long differences(Connection a, Connection b) throws SQLException {
        long diff = 0;
        try (var sa = a.createStatement(); var ra = sa.executeQuery(SELECT_ALL);
             var sb = b.createStatement(); var rb = sb.executeQuery(SELECT_ALL)) {
            boolean hasA = ra.next();
            boolean hasB = rb.next();
            while (hasA || hasB) {
                int order = !hasA ? 1 : !hasB ? -1 : ra.getString(1).compareTo(rb.getString(1));
                if (order == 0) {
                    if (!same(ra.getString(2), rb.getString(2)) || ra.getInt(3) != rb.getInt(3)
                            || !same(ra.getString(4), rb.getString(4)) || ra.getLong(5) != rb.getLong(5)) {
                        diff++;
                    }
                    hasA = ra.next();
                    hasB = rb.next();
                } else {
                    diff++;
                    if (order < 0) {
                        hasA = ra.next();
                    } else {
                        hasB = rb.next();
                    }
                }
            }
        }
        return diff;
    }

    /**
     * Returns the row count and a SHA-256 digest (hex) of every row in id order, to compare two databases in
     * different processes without sending their rows.
     */
    static String digest(Connection app) throws SQLException {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        long n = 0;
        try (var st = app.createStatement(); var rs = st.executeQuery(SELECT_ALL)) {
            while (rs.next()) {
                n++;
                var line = rs.getString(1) + '|' + rs.getString(2) + '|' + rs.getInt(3) + '|' + rs.getString(4)
                        + '|' + rs.getLong(5) + '\n';
                sha.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return n + " " + java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static boolean same(@Nullable String x, @Nullable String y) {
        return x == null ? y == null : x.equals(y);
    }
}
