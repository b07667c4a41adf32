package dev.synckit.server.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.server.internal.store.StoreException;

/**
 * A fixed set of named platform threads, each owning one SQLite connection, that run JDBC work for callers and
 * hand back the result.
 *
 * <p>Why: sqlite-jdbc's native calls pin the carrier of a virtual thread, and an SQLite connection must not be
 * used by two threads at once. With one thread this is the store's single writer: work runs strictly one after
 * another, which is what serializes appends. Callers block (cheaply, on virtual threads) until their work is done.
 * {@link RuntimeException}s from the work reach the caller unchanged; {@link SQLException}s become
 * {@link StoreException}s.
 */
final class SqliteExecutor implements AutoCloseable {

    /** Work to run with a thread's connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Opens a thread's connection. */
    @FunctionalInterface
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(SqliteExecutor.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final String name;
    private final ConnectionFactory factory;
    private final ExecutorService executor;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final List<Connection> opened = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    SqliteExecutor(String name, int threads, ConnectionFactory factory) {
        this.name = name;
        this.factory = factory;
        var counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    var t = new Thread(r, threads == 1 ? name : name + "-" + counter.incrementAndGet());
                    // Daemon: an unclosed store must not keep the JVM alive; SQLite survives a stop mid-commit.
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs work on one of the threads and waits for it.
     *
     * @param work the work
     * @return its result
     * @throws StoreException if the executor is closed, the caller is interrupted or the work fails with SQL
     */
    <T> T call(SqlWork<T> work) {
        Future<T> future;
        try {
            future = executor.submit(() -> work.run(connection()));
        } catch (RejectedExecutionException e) {
            throw new StoreException("the store is closed", e, true);
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            // The work still runs to its end: an interrupted caller does not know whether a write committed.
            // Pushes are idempotent, so the client's retry settles it.
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store", e, true);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private Connection connection() throws SQLException {
        var c = connection.get();
        if (c == null) {
            c = factory.open();
            connection.set(c);
            opened.add(c);
        }
        return c;
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof SQLException sql) {
            return SqliteSetup.failure("store operation", sql);
        }
        return new StoreException("store operation failed", cause, false);
    }

    /** Stops accepting work, waits for queued work (bounded) and closes the connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("{} did not finish its work within {} s; interrupting it", name, CLOSE_TIMEOUT_SECONDS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (var c : opened) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing is best effort: the process may be exiting, and SQLite recovers from the WAL.
                log.warn("{} could not close a connection: {}", name, e.getMessage());
            }
        }
        opened.clear();
    }
}
