package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.server.internal.store.StoreException;

/**
 * Runs JDBC work on a pooled connection, on the caller's thread (the PostgreSQL driver and HikariCP are
 * virtual-thread friendly, unlike sqlite-jdbc's native calls). Reads run in auto-commit mode, each one statement
 * and so one snapshot; writes run in one {@code READ COMMITTED} transaction that is rolled back on any exception
 * and run again, a bounded number of times, when PostgreSQL aborts it as a deadlock or serialization victim.
 *
 * <p>{@link SQLException}s become {@link StoreException}s (see {@link PgFailures}); other runtime exceptions
 * (a refused push, a duplicate user name) reach the caller unchanged after the rollback.
 */
final class PgExecutor {

    /** Work to run with a connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How often a write transaction runs at most when PostgreSQL keeps aborting it. */
    static final int MAX_ATTEMPTS = 4;

    private static final Logger log = LoggerFactory.getLogger(PgExecutor.class);

    private final DataSource pool;
    private final AtomicBoolean closed;

    PgExecutor(DataSource pool, AtomicBoolean closed) {
        this.pool = pool;
        this.closed = closed;
    }

    /**
     * Runs work in auto-commit mode. Reads change nothing, so one that fails because its pooled connection turned
     * out to be dead (the database restarted since the connection was last used) runs once more on a new one.
     */
    <T> T read(String what, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            checkOpen();
            try (var c = pool.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                if (attempt > 1 || !brokenConnection(e)) {
                    throw failure(what, e);
                }
                log.debug("{} lost its connection [{}]; trying once more", what, e.getSQLState());
            }
        }
    }

    /** A connection that broke during the statement (class 08); not a pool timeout, which would only repeat. */
    private static boolean brokenConnection(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08") && !(e instanceof SQLTransientConnectionException);
    }

    /** Runs work in one transaction, retrying deadlock and serialization victims. */
    <T> T write(String what, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            checkOpen();
            SQLException victim;
            try (var c = pool.getConnection()) {
                return inTransaction(c, work);
            } catch (SQLException e) {
                if (!PgFailures.retryable(e) || attempt == MAX_ATTEMPTS) {
                    throw failure(what, e);
                }
                victim = e;
            } catch (StoreException e) {
                // Work that cannot throw SQLException (a PushTransaction) wraps it; a retryable cause still retries.
                if (!(e.getCause() instanceof SQLException sql) || !PgFailures.retryable(sql)
                        || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                victim = sql;
            }
            log.debug("{} was aborted by PostgreSQL [{}]; attempt {} of {}", what, victim.getSQLState(), attempt + 1,
                    MAX_ATTEMPTS);
            backOff(attempt);
        }
    }

    private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = work.run(c);
            c.commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollback(c);
            }
            // HikariCP restores auto-commit when the connection goes back to the pool.
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection may be broken; HikariCP evicts it. The original failure is what the caller sees.
            log.debug("Rollback after a failed transaction: {}", e.getMessage());
        }
    }

    /** A short random pause, so that two victims of the same conflict do not collide again at once. */
    private static void backOff(int attempt) {
        long maxMicros = 2_000L << Math.min(attempt, 4);
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(maxMicros)));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreException("the store is closed", null, true);
        }
    }

    private StoreException failure(String what, SQLException e) {
        if (closed.get()) {
            return new StoreException("the store is closed", e, true);
        }
        return PgFailures.failure(what, e);
    }
}
