package dev.synckit.client.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.sqlite.SQLiteConfig;

import dev.synckit.client.LocalStoreException;

/**
 * The engine's own JDBC connection to the app's SQLite file.
 *
 * <p>Settings, and why: WAL journal (the app reads while the engine applies a page), a busy timeout (the app's
 * connections and the engine's take turns writing), {@code BEGIN IMMEDIATE} transactions (a deferred transaction
 * that reads first and writes later can fail with {@code SQLITE_BUSY} no busy timeout can cure),
 * {@code synchronous=NORMAL} (in WAL mode it cannot corrupt the file and survives a crash of the app; only a power
 * loss or OS crash may roll back the last transactions, which the engine tolerates: a page and its cursor roll
 * back together and are pulled again, a lost "pushed" mark sends ops again as duplicates, a lost stamp gives the
 * ops new ids and clocks, whose regression the server reports and the push re-stamps past; commits then write
 * to the WAL without an fsync, which a sync of thousands of small transactions could not afford), and
 * {@code foreign_keys=OFF}: remote apply relaxes FK enforcement (DESIGN §4), because a page may hold a child
 * whose parent arrives in a later page, or rows may reference local rows that never sync. The pragma cannot
 * change inside a transaction, so it is set per connection, for the engine's connection only; the app's
 * connections keep their own setting.
 *
 * <p>{@code wal_autocheckpoint} is raised to {@value #AUTOCHECKPOINT_PAGES} pages for the engine's connection only (a
 * per-connection setting): a bulk page rewrites thousands of B-tree pages scattered by random row ids, and copying
 * the WAL back after every such page (the default threshold is 1000 pages) costs more than the page itself. The
 * engine checkpoints by itself after a bulk sync ({@link #checkpoint()}), so the app's next commit does not pay for
 * it. The price: while a bulk sync runs, the WAL may grow to about that size, and an app commit that lands in
 * between checkpoints what the engine wrote so far. The page cache stays at 16 MB (64 MB measured within noise).
 *
 * <p>Not safe for concurrent use: the engine serializes all access (one sync at a time per file).
 */
public final class Database implements AutoCloseable {

    /** The engine connection's WAL auto-checkpoint threshold: 10,000 pages (40 MB with 4 KiB pages). */
    static final int AUTOCHECKPOINT_PAGES = 10_000;

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens a connection to {@code file}, creating the file if it does not exist.
     *
     * @param file the SQLite file
     * @param busyTimeout how long a statement waits for another connection's write lock
     * @return the open database
     * @throws LocalStoreException if the file cannot be opened
     */
    public static Database open(Path file, Duration busyTimeout) {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setCacheSize(-16_000); // 16 MB: clock and changelog B-trees are hit at random row ids
        config.enforceForeignKeys(false);
        try {
            var connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                Sql.execute(connection, "PRAGMA wal_autocheckpoint = " + AUTOCHECKPOINT_PAGES);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new Database(connection);
        } catch (SQLException e) {
            throw new LocalStoreException("cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@return the connection, for work outside a transaction (single autocommit statements)} */
    public Connection connection() {
        return connection;
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction: commits if it returns, rolls back if it
     * throws. An {@link SQLException} is rethrown as a {@link LocalStoreException}; runtime exceptions pass
     * through unchanged.
     *
     * @param work the work
     * @param <T> its result
     * @return the work's result
     */
    public <T> T inTransaction(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LocalStoreException("local database failure: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} on the connection in autocommit mode.
     *
     * @param work the work
     * @param <T> its result
     * @return the work's result
     */
    public <T> T read(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new LocalStoreException("local database failure: " + e.getMessage(), e);
        }
    }

    /**
     * Copies committed WAL frames back into the database file, without waiting for the app's readers or writers
     * ({@code PASSIVE}): what the app's next commit would otherwise do by itself after a large sync.
     *
     * @throws LocalStoreException if the checkpoint fails
     */
    public void checkpoint() {
        read(c -> {
            Sql.execute(c, "PRAGMA wal_checkpoint(PASSIVE)");
            return null;
        });
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The original failure matters more; keep the rollback failure attached to it.
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new LocalStoreException("closing the SQLite database failed: " + e.getMessage(), e);
        }
    }
}
