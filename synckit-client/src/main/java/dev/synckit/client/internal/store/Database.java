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
 * {@code synchronous=NORMAL} (in WAL mode it cannot corrupt the file; a power loss may roll back the last
 * transactions, which the engine tolerates: a page and its cursor roll back together and are pulled again), and
 * {@code foreign_keys=OFF}: remote apply relaxes FK enforcement (DESIGN §4), because a page may hold a child
 * whose parent arrives in a later page, or rows may reference local rows that never sync. The pragma cannot
 * change inside a transaction, so it is set per connection, for the engine's connection only; the app's
 * connections keep their own setting.
 *
 * <p>Not safe for concurrent use: the engine serializes all access (one sync at a time per file).
 */
public final class Database implements AutoCloseable {

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
            return new Database(config.createConnection("jdbc:sqlite:" + file.toAbsolutePath()));
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
