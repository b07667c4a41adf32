package dev.synckit.server.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 5 of the SQLite store, in Java because SQL cannot compute the key: {@code row_state} gets a
 * {@code row_key} column ({@link RowKeys}) filled for every existing row, an index on it in place of the unique index
 * on {@code (space_id, tbl, row_id)}, and an index on {@code (space_id, tbl)} for reading a table's rows. Uniqueness
 * of a row's state is kept by the single writer, which looks every row of a push up before it inserts or updates it
 * ({@link SqlitePushTransaction}). Runs in Flyway's transaction: a failure leaves the store at version 4.
 */
final class RowKeyMigration implements JavaMigration {

    /** This migration's schema version. */
    static final String VERSION = "5";
    private static final int PAGE = 10_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(VERSION);
    }

    @Override
    public String getDescription() {
        return "row state key";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        var c = context.getConnection();
        try (var st = c.createStatement()) {
            st.execute("ALTER TABLE row_state ADD COLUMN row_key INTEGER NOT NULL DEFAULT 0");
        }
        fillKeys(c);
        try (var st = c.createStatement()) {
            st.execute("DROP INDEX row_state_by_row");
            st.execute("CREATE INDEX row_state_by_key ON row_state (row_key)");
            st.execute("CREATE INDEX row_state_by_table ON row_state (space_id, tbl)");
        }
    }

    /** Page by page in rowid order, so that no read cursor is open on the table while it is updated. */
    private static void fillKeys(Connection c) throws SQLException {
        long after = Long.MIN_VALUE;
        try (var select = c.prepareStatement("SELECT rowid, space_id, tbl, row_id FROM row_state WHERE rowid > ? "
                + "ORDER BY rowid LIMIT " + PAGE);
             var update = c.prepareStatement("UPDATE row_state SET row_key = ? WHERE rowid = ?")) {
            while (true) {
                var page = new ArrayList<long[]>(PAGE);
                select.setLong(1, after);
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        page.add(new long[] {rs.getLong(1), RowKeys.of(rs.getString(2), rs.getString(3),
                                rs.getString(4))});
                    }
                }
                if (page.isEmpty()) {
                    return;
                }
                for (var row : page) {
                    update.setLong(1, row[1]);
                    update.setLong(2, row[0]);
                    update.addBatch();
                }
                update.executeBatch();
                after = page.getLast()[0];
            }
        }
    }
}
