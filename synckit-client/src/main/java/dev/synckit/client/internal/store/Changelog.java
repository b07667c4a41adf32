package dev.synckit.client.internal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.synckit.client.TableSpec;

/**
 * Reads and maintains {@code sync_changelog}. Entries are queried by id ranges on the table's rowid, so no extra
 * index slows the capture triggers down.
 */
public final class Changelog {

    private static final String COLUMNS = "id, table_name, op, row_id, timestamp, data, op_id, hlc";

    private Changelog() {
    }

    /**
     * Reads stamped entries that are not pushed yet, in id order.
     *
     * @param c the connection
     * @param afterId only entries with a greater id
     * @param limit the most entries to return
     * @return the entries
     * @throws SQLException if the read fails
     */
    public static List<ChangelogEntry> unpushed(Connection c, long afterId, int limit) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_changelog "
                + "WHERE id > ? AND pushed = 0 AND hlc IS NOT NULL ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            return read(ps.executeQuery());
        }
    }

    /**
     * Reads entries that are not stamped yet, in id order.
     *
     * @param c the connection
     * @param afterId only entries with a greater id
     * @param limit the most entries to return
     * @return the entries
     * @throws SQLException if the read fails
     */
    public static List<ChangelogEntry> unstamped(Connection c, long afterId, int limit) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_changelog "
                + "WHERE id > ? AND hlc IS NULL ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            return read(ps.executeQuery());
        }
    }

    /**
     * Reads entries after an id, pushed or not, in id order (the change watcher's view of new local writes).
     *
     * @param c the connection
     * @param afterId only entries with a greater id
     * @param limit the most entries to return
     * @return the entries
     * @throws SQLException if the read fails
     */
    public static List<ChangelogEntry> after(Connection c, long afterId, int limit) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_changelog "
                + "WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            return read(ps.executeQuery());
        }
    }

    /**
     * Returns the highest entry id.
     *
     * @param c the connection
     * @return the id, or 0 if the changelog is empty
     * @throws SQLException if the read fails
     */
    public static long maxId(Connection c) throws SQLException {
        return Sql.queryLong(c, "SELECT COALESCE(MAX(id), 0) FROM sync_changelog");
    }

    /**
     * Marks entries as pushed (acknowledged by the server, whatever its answer).
     *
     * @param c the connection
     * @param ids the entries
     * @param nowMillis the time to record as {@code pushed_at}
     * @throws SQLException if the write fails
     */
    public static void markPushed(Connection c, Collection<Long> ids, long nowMillis) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE sync_changelog SET pushed = 1, pushed_at = ? WHERE id = ?")) {
            for (var id : ids) {
                ps.setLong(1, nowMillis);
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Marks every stamped, unpushed entry in an id range as pushed: one statement for a whole batch, whose entries
     * are exactly the stamped, unpushed ones in its range (batches are read in id order, and new entries only ever
     * get higher ids).
     *
     * @param c the connection
     * @param fromId the batch's first entry id
     * @param toId the batch's last entry id
     * @param nowMillis the time to record as {@code pushed_at}
     * @return the number of entries marked
     * @throws SQLException if the write fails
     */
    public static int markPushedRange(Connection c, long fromId, long toId, long nowMillis) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE sync_changelog SET pushed = 1, pushed_at = ? "
                + "WHERE id >= ? AND id <= ? AND pushed = 0 AND hlc IS NOT NULL")) {
            ps.setLong(1, nowMillis);
            ps.setLong(2, fromId);
            ps.setLong(3, toId);
            return ps.executeUpdate();
        }
    }

    /**
     * Counts captured changes not yet acknowledged by the server.
     *
     * @param c the connection
     * @return the count
     * @throws SQLException if the read fails
     */
    public static long pendingCount(Connection c) throws SQLException {
        return Sql.queryLong(c, "SELECT count(*) FROM sync_changelog WHERE pushed = 0");
    }

    /**
     * Copies every existing row of the given tables into the changelog as an {@code INSERT}.
     *
     * @param c the connection
     * @param tables the tables, parents first so that a receiver sees parents first
     * @param nowMillis the timestamp of the entries
     * @return the number of entries added
     * @throws SQLException if the write fails
     */
    public static int snapshot(Connection c, Collection<TableSpec> tables, long nowMillis) throws SQLException {
        int count = 0;
        for (var t : tables) {
            count += snapshotColumns(c, t, "INSERT", t.columns(), nowMillis);
        }
        return count;
    }

    /**
     * Takes the initial snapshot again (when {@code initial_snapshot_done} was reset): unpushed inserts and updates
     * of the tables are dropped first, since the snapshot carries every row's current values, so rows are not
     * sent twice; unpushed deletes stay.
     *
     * @param c the connection
     * @param tables the tables, parents first
     * @param nowMillis the timestamp of the entries
     * @return the number of entries added
     * @throws SQLException if the write fails
     */
    public static int resnapshot(Connection c, List<TableSpec> tables, long nowMillis) throws SQLException {
        try (var ps = c.prepareStatement(
                "DELETE FROM sync_changelog WHERE pushed = 0 AND op <> 'DELETE' AND table_name = ?")) {
            for (var t : tables) {
                ps.setString(1, t.name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return snapshot(c, tables, nowMillis);
    }

    /**
     * Copies some columns of every existing row into the changelog.
     *
     * @param c the connection
     * @param t the table
     * @param op {@code INSERT} (a whole row) or {@code UPDATE} (the given columns only)
     * @param columns the columns
     * @param nowMillis the timestamp of the entries
     * @return the number of entries added
     * @throws SQLException if the write fails
     */
    public static int snapshotColumns(Connection c, TableSpec t, String op, List<String> columns, long nowMillis)
            throws SQLException {
        try (var ps = c.prepareStatement(TriggerSql.snapshot(t, op, columns))) {
            ps.setLong(1, nowMillis);
            return ps.executeUpdate();
        }
    }

    /**
     * Deletes pushed entries older than the retention, then the oldest pushed entries beyond the cap. Unpushed
     * entries are never deleted.
     *
     * @param c the connection
     * @param pushedBeforeMillis delete pushed entries whose {@code pushed_at} is before this time
     * @param cap keep at most this many pushed entries
     * @return the number of entries deleted
     * @throws SQLException if the write fails
     */
    public static int cleanup(Connection c, long pushedBeforeMillis, int cap) throws SQLException {
        int deleted;
        try (var ps = c.prepareStatement("DELETE FROM sync_changelog WHERE pushed = 1 AND pushed_at < ?")) {
            ps.setLong(1, pushedBeforeMillis);
            deleted = ps.executeUpdate();
        }
        long excess = Sql.queryLong(c, "SELECT count(*) FROM sync_changelog WHERE pushed = 1") - cap;
        if (excess > 0) {
            try (var ps = c.prepareStatement("DELETE FROM sync_changelog WHERE id IN "
                    + "(SELECT id FROM sync_changelog WHERE pushed = 1 ORDER BY id LIMIT ?)")) {
                ps.setLong(1, excess);
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    private static List<ChangelogEntry> read(ResultSet rs) throws SQLException {
        try (rs) {
            var out = new ArrayList<ChangelogEntry>();
            while (rs.next()) {
                out.add(new ChangelogEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8)));
            }
            return out;
        }
    }
}
