package dev.synckit.client.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * Reads stamped, unpushed {@code sync_changelog} entries in id order, batch after batch, through one prepared
 * statement, handing each row's columns to a callback instead of building entry objects: the push path streams
 * them into the request body. The query walks the table's rowid from the last id read, so no index is needed.
 *
 * <p>Use on the engine's connection, from one thread, and close it.
 */
public final class UnpushedReader implements AutoCloseable {

    /** Receives one entry. */
    @FunctionalInterface
    public interface Sink {

        /**
         * Takes one entry.
         *
         * @param id the entry id
         * @param table the table
         * @param op {@code INSERT}, {@code UPDATE} or {@code DELETE}
         * @param rowId the row id
         * @param data the captured columns as a JSON object, or null
         * @param opId the op id
         * @param hlc the encoded clock
         * @return whether to read on; false ends the batch after this entry
         */
        boolean accept(long id, String table, String op, String rowId, @Nullable String data, String opId,
                       String hlc);
    }

    private final PreparedStatement select;

    /**
     * Prepares the query.
     *
     * @param c the engine's connection
     * @throws SQLException if the statement cannot be prepared
     */
    public UnpushedReader(Connection c) throws SQLException {
        this.select = c.prepareStatement("SELECT id, table_name, op, row_id, data, op_id, hlc FROM sync_changelog"
                + " WHERE id > ? AND pushed = 0 AND hlc IS NOT NULL ORDER BY id LIMIT ?");
    }

    /**
     * Reads up to {@code limit} entries after {@code afterId}, until the sink asks to stop.
     *
     * @param afterId only entries with a greater id
     * @param limit the most entries to read
     * @param sink takes each entry
     * @return how many entries the sink took
     * @throws SQLException if the read fails
     */
    public int read(long afterId, int limit, Sink sink) throws SQLException {
        select.setLong(1, afterId);
        select.setInt(2, limit);
        int count = 0;
        try (var rs = select.executeQuery()) {
            while (rs.next()) {
                count++;
                if (!sink.accept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7))) {
                    break;
                }
            }
        }
        return count;
    }

    @Override
    public void close() throws SQLException {
        select.close();
    }
}
