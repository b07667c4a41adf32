package dev.synckit.client.internal.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.TableSpec;
import dev.synckit.client.internal.store.Sql;

/**
 * Writes remote changes into app tables with plain, prepared SQL, batched per statement text.
 *
 * <p>Partial writes by design (DESIGN §4): an existing row is {@code UPDATE}d in the winning columns only, a
 * missing row is {@code INSERT}ed with them; never {@code INSERT OR REPLACE}, which would reset the row's other
 * columns (local-only data such as an account's password, or columns other devices won).
 *
 * <p>Rows that have no clocks yet (new to this device) are written with one upsert per row ({@link #upsert}), which
 * inserts a missing row and, should the row exist after all, updates only the given columns: the same outcome as
 * the general path's insert-or-update, without reading the row first.
 *
 * <p>Writes are queued; {@link #flush()} runs every queued batch, in the order the statements were first used.
 */
final class RowWriter implements AutoCloseable {

    private final Connection c;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    private final Set<PreparedStatement> queued = new HashSet<>();

    RowWriter(Connection c) {
        this.c = c;
    }

    /**
     * Returns which of the given rows exist.
     *
     * @param t the table
     * @param rowIds the row ids
     * @return the ids of the rows that exist
     * @throws SQLException if the read fails
     */
    Set<String> existing(TableSpec t, Collection<String> rowIds) throws SQLException {
        var out = new HashSet<String>();
        var ids = List.copyOf(rowIds);
        var pk = Sql.quote(t.primaryKey());
        for (int start = 0; start < ids.size(); start += Sql.MAX_IN_LIST) {
            var chunk = ids.subList(start, Math.min(ids.size(), start + Sql.MAX_IN_LIST));
            try (var ps = c.prepareStatement("SELECT CAST(" + pk + " AS TEXT) FROM " + Sql.quote(t.name()) + " WHERE "
                    + pk + " IN (" + Sql.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Queues the insert of a row with the row state's values. */
    void insert(TableSpec t, RowState row) throws SQLException {
        var columns = new ArrayList<String>(row.values.size() + 1);
        columns.add(Sql.quote(t.primaryKey()));
        row.values.keySet().forEach(col -> columns.add(Sql.quote(col)));
        var ps = statement("INSERT INTO " + Sql.quote(t.name()) + " (" + String.join(", ", columns) + ") VALUES ("
                + Sql.placeholders(columns.size()) + ")");
        ps.setString(1, row.rowId);
        int i = 2;
        for (var v : row.values.values()) {
            SqlValues.bind(ps, i++, v);
        }
        queue(ps);
    }

    /** Queues the update of an existing row in the row state's columns only. */
    void update(TableSpec t, RowState row) throws SQLException {
        var sets = new ArrayList<String>(row.values.size());
        row.values.keySet().forEach(col -> sets.add(Sql.quote(col) + " = ?"));
        var ps = statement("UPDATE " + Sql.quote(t.name()) + " SET " + String.join(", ", sets) + " WHERE "
                + Sql.quote(t.primaryKey()) + " = ?");
        int i = 1;
        for (var v : row.values.values()) {
            SqlValues.bind(ps, i++, v);
        }
        ps.setString(i, row.rowId);
        queue(ps);
    }

    /**
     * Prepares a projection's upsert statement ahead of use.
     *
     * @return false if SQLite refuses it (a primary key whose unique index does not match a conflict target, such
     *         as one with another collation); the caller then writes with {@link #insert} and {@link #update}
     */
    boolean canUpsert(Projection p) {
        try {
            statement(p.upsertSql);
            return true;
        } catch (SQLException e) {
            return false; // handled: the general path writes these rows with plain INSERT and UPDATE
        }
    }

    /** Queues an insert-or-update of a row with an op's values for the projection's columns. */
    void upsert(Projection p, String rowId, @Nullable Object[] values) throws SQLException {
        var ps = statement(p.upsertSql);
        ps.setString(1, rowId);
        int i = 2;
        for (int at : p.fieldIndex) {
            if (at >= 0) {
                SqlValues.bind(ps, i++, values[at]);
            }
        }
        queue(ps);
    }

    /** Queues the delete of a row. */
    void delete(TableSpec t, String rowId) throws SQLException {
        var ps = statement("DELETE FROM " + Sql.quote(t.name()) + " WHERE " + Sql.quote(t.primaryKey()) + " = ?");
        ps.setString(1, rowId);
        queue(ps);
    }

    /**
     * Runs the queued writes.
     *
     * @throws SQLException if a write fails (a constraint of the app's table, for example)
     */
    void flush() throws SQLException {
        for (var ps : statements.values()) {
            if (queued.remove(ps)) {
                ps.executeBatch();
            }
        }
    }

    private void queue(PreparedStatement ps) throws SQLException {
        ps.addBatch();
        queued.add(ps);
    }

    private PreparedStatement statement(String sql) throws SQLException {
        var ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (var ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        statements.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
