package dev.synckit.server.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.PushResponse;
import dev.synckit.server.internal.store.EncodedOp;
import dev.synckit.server.internal.store.PushProcessor;
import dev.synckit.server.internal.store.StoreException;

/**
 * Group commit of pushes on the store's single writer: the pushes that wait for the writer while it is busy run
 * one after another in <em>one</em> transaction, each inside its own savepoint, and are all answered after its one
 * {@code COMMIT}. Many small pushes from many clients then share one WAL write and one fsync instead of paying
 * one each, which is what limits a busy embedded server (W3 of BENCHMARKS.md).
 *
 * <p>What each push sees and does is unchanged: the pushes of a group run strictly in queue order, each reads
 * what the earlier ones wrote, and seqs are still assigned and committed in one serial order (the visibility
 * argument of {@link SqliteStore} holds). A push the processor refuses ({@code hlc_regression}, …) is rolled back
 * to its savepoint and fails alone. No push is answered before the commit that makes it durable; if that commit
 * (or anything that takes the whole transaction down) fails, every push of the group fails with the error and
 * none of them changed anything, so their clients' retries settle it.
 *
 * <p>How the queue drains: every caller enqueues its push, then runs one drain task on the writer. The writer
 * runs tasks in submission order, so a caller's push is taken at the latest by its own task; a task that finds the
 * queue already drained by an earlier one does nothing. Groups are bounded ({@value #MAX_PUSHES} pushes,
 * about {@value #MAX_OPS} ops) so one commit never holds many clients for long. Safe for concurrent use.
 */
final class PushGroups {

    static final int MAX_PUSHES = 64;
    static final int MAX_OPS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PushGroups.class);

    /** One push waiting for the writer. */
    record Pending(UUID spaceId, UUID userId, UUID deviceId, List<EncodedOp> ops,
                   CompletableFuture<PushResponse> result) {

        Pending(UUID spaceId, UUID userId, UUID deviceId, List<EncodedOp> ops) {
            this(spaceId, userId, deviceId, ops, new CompletableFuture<>());
        }
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

    /**
     * Queues a push. The caller must then run {@link #drain} on the writer and, once that returned, read the
     * push's result.
     */
    void enqueue(Pending push) {
        queue.add(push);
    }

    /** Withdraws a push whose drain task could not be submitted (the store is closing). */
    void withdraw(Pending push) {
        queue.remove(push);
    }

    /**
     * Runs the waiting pushes (up to the bounds) in one transaction and completes each one's result. Runs on the
     * writer thread; never throws: every failure is handed to the pushes it concerns.
     *
     * @param c the writer's connection, in auto-commit mode
     */
    void drain(Connection c) {
        var group = take();
        if (group.isEmpty()) {
            return;
        }
        var responses = new ArrayList<PushResponse>(group.size());
        try {
            SqliteStore.execute(c, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
            failAll(group, SqliteSetup.failure("starting a push transaction", e));
            return;
        }
        try {
            for (var push : group) {
                responses.add(runOne(c, push));
            }
            SqliteStore.execute(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            SqliteStore.rollback(c);
            var failure = e instanceof SQLException sql ? SqliteSetup.failure("push transaction", sql)
                    : (RuntimeException) e;
            failAll(group, failure);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            var response = responses.get(i);
            if (response != null) {
                group.get(i).result().complete(response);
            }
        }
    }

    private List<Pending> take() {
        var group = new ArrayList<Pending>();
        int ops = 0;
        Pending next;
        while (group.size() < MAX_PUSHES && ops < MAX_OPS && (next = queue.poll()) != null) {
            group.add(next);
            ops += next.ops().size();
        }
        return group;
    }

    /**
     * Runs one push in a savepoint. Returns its response, or null after completing it exceptionally when only this
     * push failed; throws when the failure took the whole transaction down (the savepoint is gone).
     */
    private static PushResponse runOne(Connection c, Pending push) throws SQLException {
        SqliteStore.execute(c, "SAVEPOINT push");
        try {
            var tx = new SqlitePushTransaction(c, push.spaceId());
            var response = PushProcessor.process(tx, push.userId(), push.deviceId(), push.ops());
            SqliteStore.execute(c, "RELEASE push");
            return response;
        } catch (RuntimeException e) {
            // Throws (ending the group) if SQLite already rolled the whole transaction back, e.g. on an I/O error.
            SqliteStore.execute(c, "ROLLBACK TO push");
            SqliteStore.execute(c, "RELEASE push");
            push.result().completeExceptionally(e);
            return null;
        }
    }

    private static void failAll(List<Pending> group, RuntimeException failure) {
        log.debug("A group of {} pushes failed and was rolled back: {}", group.size(), failure.getMessage());
        for (var push : group) {
            push.result().completeExceptionally(failure);
        }
    }

    /**
     * Returns a drained push's result, rethrowing its failure as it was raised.
     *
     * @throws IllegalStateException if the push was not drained yet (a bug: the caller's own drain task ran)
     */
    static PushResponse resultOf(Pending push) {
        if (!push.result().isDone()) {
            throw new IllegalStateException("the push was not run by its drain task");
        }
        try {
            return push.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("push failed", e.getCause(), false);
        }
    }
}
