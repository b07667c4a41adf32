package dev.synckit.client.internal.store;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ProtocolJson;

/**
 * Reads and writes {@code sync_row_clock}, one row of clocks per synced row ({@code WITHOUT ROWID}, keyed by
 * table and row id). Statements are prepared once per instance; use one instance per transaction and close it.
 *
 * <p>The stamp methods queue their writes ({@code addBatch}) and keep their order: switching to another kind of
 * stamp runs the queued batch first. {@link #flush()} runs what is still queued.
 */
public final class RowClocks implements AutoCloseable {

    private final Connection c;
    private @Nullable PreparedStatement find;
    private @Nullable PreparedStatement save;
    private @Nullable PreparedStatement stampInsert;
    private @Nullable PreparedStatement stampUpdate;
    private @Nullable PreparedStatement stampDelete;
    private @Nullable PreparedStatement insertIfAbsent;
    private @Nullable PreparedStatement queued;

    /**
     * Creates the accessor.
     *
     * @param c the connection, inside a transaction
     */
    public RowClocks(Connection c) {
        this.c = c;
    }

    /**
     * Reads a row's clocks.
     *
     * @param table the table
     * @param rowId the row id
     * @return the clocks, or {@link RowClock#NONE} if the row has none
     * @throws SQLException if the read fails
     */
    public RowClock find(String table, String rowId) throws SQLException {
        if (find == null) {
            find = c.prepareStatement(
                    "SELECT base_clock, col_clocks, tombstone FROM sync_row_clock WHERE table_name = ? AND row_id = ?");
        }
        find.setString(1, table);
        find.setString(2, rowId);
        try (var rs = find.executeQuery()) {
            return rs.next() ? new RowClock(rs.getString(1), parse(rs.getString(2)), rs.getString(3)) : RowClock.NONE;
        }
    }

    /**
     * Reads the clocks of many rows of one table.
     *
     * @param table the table
     * @param rowIds the row ids
     * @return row id → clocks, for the rows that have any
     * @throws SQLException if the read fails
     */
    public Map<String, RowClock> findAll(String table, Collection<String> rowIds) throws SQLException {
        var out = new HashMap<String, RowClock>();
        var ids = List.copyOf(rowIds);
        for (int start = 0; start < ids.size(); start += Sql.MAX_IN_LIST) {
            var chunk = ids.subList(start, Math.min(ids.size(), start + Sql.MAX_IN_LIST));
            try (var ps = c.prepareStatement("SELECT row_id, base_clock, col_clocks, tombstone FROM sync_row_clock"
                    + " WHERE table_name = ? AND row_id IN (" + Sql.placeholders(chunk.size()) + ")")) {
                ps.setString(1, table);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var clock = new RowClock(rs.getString(2), parse(rs.getString(3)), rs.getString(4));
                        out.put(rs.getString(1), clock);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Writes the clocks of many rows of one table, as one batch.
     *
     * @param table the table
     * @param clocks row id → clocks
     * @throws SQLException if the write fails
     */
    public void saveAll(String table, Map<String, RowClock> clocks) throws SQLException {
        for (var e : clocks.entrySet()) {
            bindSave(table, e.getKey(), e.getValue());
            save.addBatch();
        }
        if (save != null) {
            save.executeBatch();
        }
    }

    /**
     * Writes the clocks of rows that have none yet, as one batch, and leaves rows that have some alone: for each
     * row, either its clocks are written or nothing happens. {@code columnClocks} is the {@code col_clocks} text
     * ({@link #columnClocks}) or null, as for {@link #save}.
     *
     * @param table the table
     * @param rowIds the rows
     * @param bases each row's base clock
     * @param columnClocks each row's per-column clocks, or null
     * @return for each row, whether it had no clocks (and now has the given ones)
     * @throws SQLException if the write fails
     */
    public boolean[] insertIfAbsent(String table, List<String> rowIds, List<String> bases,
                                    List<@Nullable String> columnClocks) throws SQLException {
        if (insertIfAbsent == null) {
            insertIfAbsent = c.prepareStatement("INSERT INTO sync_row_clock (table_name, row_id, base_clock, "
                    + "col_clocks) VALUES (?, ?, ?, ?) ON CONFLICT (table_name, row_id) DO NOTHING");
        }
        var out = new boolean[rowIds.size()];
        if (rowIds.isEmpty()) {
            return out;
        }
        for (int i = 0; i < rowIds.size(); i++) {
            insertIfAbsent.setString(1, table);
            insertIfAbsent.setString(2, rowIds.get(i));
            insertIfAbsent.setString(3, bases.get(i));
            insertIfAbsent.setString(4, columnClocks.get(i));
            insertIfAbsent.addBatch();
        }
        var changed = insertIfAbsent.executeBatch();
        for (int i = 0; i < out.length; i++) {
            out[i] = changed[i] > 0;
        }
        return out;
    }

    /**
     * Returns the {@code col_clocks} text of a row whose given columns all carry one clock.
     *
     * @param columns validated column names
     * @param key the clock key (digits, dashes, {@code @} and a UUID: nothing to escape)
     * @return the JSON object text
     */
    public static String columnClocks(List<String> columns, String key) {
        var sb = new StringBuilder(columns.size() * (key.length() + 16)).append('{');
        for (var column : columns) {
            sb.append(sb.length() > 1 ? ",\"" : "\"").append(column).append("\":\"").append(key).append('"');
        }
        return sb.append('}').toString();
    }

    /**
     * Writes a row's clocks.
     *
     * @param table the table
     * @param rowId the row id
     * @param clock the clocks
     * @throws SQLException if the write fails
     */
    public void save(String table, String rowId, RowClock clock) throws SQLException {
        bindSave(table, rowId, clock).executeUpdate();
    }

    private PreparedStatement bindSave(String table, String rowId, RowClock clock) throws SQLException {
        if (save == null) {
            save = c.prepareStatement("INSERT OR REPLACE INTO sync_row_clock "
                    + "(table_name, row_id, base_clock, col_clocks, tombstone) VALUES (?, ?, ?, ?, ?)");
        }
        save.setString(1, table);
        save.setString(2, rowId);
        save.setString(3, clock.base());
        save.setString(4, clock.columns().isEmpty() ? null : format(clock.columns()));
        save.setString(5, clock.tombstone());
        return save;
    }

    /**
     * Queues the clocks of a local insert: every column gets {@code key}.
     *
     * @param table the table
     * @param rowId the row id
     * @param key the write's clock
     * @throws SQLException if the statement cannot be prepared
     */
    public void stampInsert(String table, String rowId, String key) throws SQLException {
        if (stampInsert == null) {
            stampInsert = c.prepareStatement("INSERT INTO sync_row_clock (table_name, row_id, base_clock) "
                    + "VALUES (?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET "
                    + "base_clock = excluded.base_clock, col_clocks = NULL");
        }
        stampInsert.setString(1, table);
        stampInsert.setString(2, rowId);
        stampInsert.setString(3, key);
        queue(stampInsert);
    }

    /**
     * Queues the clocks of a local update: each of {@code columns} gets {@code key}.
     *
     * @param table the table
     * @param rowId the row id
     * @param columns the updated columns
     * @param key the write's clock
     * @throws SQLException if the statement cannot be prepared
     */
    public void stampUpdate(String table, String rowId, Iterable<String> columns, String key) throws SQLException {
        if (stampUpdate == null) {
            stampUpdate = c.prepareStatement("INSERT INTO sync_row_clock (table_name, row_id, base_clock, col_clocks) "
                    + "VALUES (?, ?, '', ?) ON CONFLICT (table_name, row_id) DO UPDATE SET "
                    + "col_clocks = json_patch(coalesce(col_clocks, '{}'), excluded.col_clocks)");
        }
        var clocks = new LinkedHashMap<String, String>();
        columns.forEach(col -> clocks.put(col, key));
        stampUpdate.setString(1, table);
        stampUpdate.setString(2, rowId);
        stampUpdate.setString(3, format(clocks));
        queue(stampUpdate);
    }

    /**
     * Queues the clocks of a local delete: the row is gone, its tombstone is {@code key}.
     *
     * @param table the table
     * @param rowId the row id
     * @param key the delete's clock
     * @throws SQLException if the statement cannot be prepared
     */
    public void stampDelete(String table, String rowId, String key) throws SQLException {
        if (stampDelete == null) {
            stampDelete = c.prepareStatement("INSERT INTO sync_row_clock (table_name, row_id, base_clock, tombstone) "
                    + "VALUES (?, ?, '', ?) ON CONFLICT (table_name, row_id) DO UPDATE SET "
                    + "base_clock = '', col_clocks = NULL, tombstone = excluded.tombstone");
        }
        stampDelete.setString(1, table);
        stampDelete.setString(2, rowId);
        stampDelete.setString(3, key);
        queue(stampDelete);
    }

    /**
     * Runs the queued stamp writes.
     *
     * @throws SQLException if a write fails
     */
    public void flush() throws SQLException {
        if (queued != null) {
            queued.executeBatch();
            queued = null;
        }
    }

    private void queue(PreparedStatement ps) throws SQLException {
        if (queued != null && queued != ps) {
            queued.executeBatch();
        }
        ps.addBatch();
        queued = ps;
    }

    @Override
    public void close() throws SQLException {
        for (var ps : new PreparedStatement[] {find, save, stampInsert, stampUpdate, stampDelete, insertIfAbsent}) {
            if (ps != null) {
                ps.close();
            }
        }
    }

    private static Map<String, String> parse(@Nullable String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        var out = new LinkedHashMap<String, String>();
        ProtocolJson.mapper().readTree(json).properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    /** Writes {@code {"column": "clock", …}} with a generator: no tree per stamped row. */
    private static String format(Map<String, String> clocks) {
        var out = new StringWriter(16 + clocks.size() * 64);
        try (var g = ProtocolJson.mapper().createGenerator(out)) {
            g.writeStartObject();
            clocks.forEach(g::writeStringProperty);
            g.writeEndObject();
        }
        return out.toString();
    }
}
