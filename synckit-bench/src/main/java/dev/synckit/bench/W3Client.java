package dev.synckit.bench;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * One W3 client's loop on its own thread: write {@code ROWS_PER_ITER} rows in one transaction, push, pull, until
 * the end time. The round trip is push start to pull end. Bounded by the end time, by {@link #MAX_ITERATIONS}, by
 * {@link #MAX_CONSECUTIVE_ERRORS} and by the run's abort flag. The counters are read by the run's thread after
 * {@link #run} returned (a happens-before through the thread join), except the live counters for progress.
 */
final class W3Client implements Runnable {

    static final int MAX_ITERATIONS = 10_000_000;
    static final int MAX_CONSECUTIVE_ERRORS = 100;

    private final Device device;
    private final Todos.Generator generator;
    private final int rowsPerIter;
    private final CountDownLatch go;
    private final RunContext ctx;
    private final AtomicLong liveRoundTrips;
    private final AtomicLong liveRows;
    private volatile long startNanos;
    private volatile long endNanos;

    private long[] roundTrips = new long[1024];
    int roundTripCount;
    long written;
    long pushed;
    long notAccepted;
    long pulled;
    long applied;
    int errors;
    @Nullable String firstError;
    long lastIterationEnd;

    W3Client(Device device, List<String> projects, int rowsPerIter, CountDownLatch go, RunContext ctx,
             AtomicLong liveRoundTrips, AtomicLong liveRows) {
        this.device = device;
        this.generator = new Todos.Generator(new Random(), projects);
        this.rowsPerIter = rowsPerIter;
        this.go = go;
        this.ctx = ctx;
        this.liveRoundTrips = liveRoundTrips;
        this.liveRows = liveRows;
    }

    /** Sets the common start and end times; called before the start signal. */
    void window(long startNanos, long endNanos) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
    }

    @Override
    public void run() {
        try {
            if (!go.await(5, TimeUnit.MINUTES)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lastIterationEnd = startNanos;
        int consecutiveErrors = 0;
        for (int i = 0; i < MAX_ITERATIONS && System.nanoTime() < endNanos && !ctx.aborted()
                && consecutiveErrors < MAX_CONSECUTIVE_ERRORS && !Thread.currentThread().isInterrupted(); i++) {
            consecutiveErrors = iteration() ? 0 : consecutiveErrors + 1;
            lastIterationEnd = System.nanoTime();
        }
    }

    /** One iteration; returns false if it failed. */
    private boolean iteration() {
        var rows = generator.next(rowsPerIter, System.currentTimeMillis());
        try {
            Todos.insertInOneTransaction(device.app, rows);
            written += rowsPerIter;
        } catch (SQLException e) {
            return failed(e);
        }
        long t0 = System.nanoTime();
        try {
            var push = device.engine.push();
            var pull = device.engine.pull();
            record(System.nanoTime() - t0);
            pushed += push.pushed();
            notAccepted += push.duplicate() + push.superseded() + push.rejected();
            pulled += pull.pulled();
            applied += pull.applied();
            liveRoundTrips.incrementAndGet();
            liveRows.addAndGet(push.pushed());
            return true;
        } catch (RuntimeException e) {
            // SyncKitException for request and local-store failures; anything else is counted the same way, so
            // that one client's failure shows up in the errors rather than ending its thread silently.
            return failed(e);
        }
    }

    private boolean failed(Exception e) {
        errors++;
        if (firstError == null) {
            // The exception's class and message name the failed request or statement, never row values.
            firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return false;
    }

    private void record(long nanos) {
        if (roundTripCount == roundTrips.length) {
            roundTrips = Arrays.copyOf(roundTrips, roundTrips.length * 2);
        }
        roundTrips[roundTripCount++] = nanos;
    }

    /** The measured round trips in nanoseconds. */
    long[] roundTrips() {
        return Arrays.copyOf(roundTrips, roundTripCount);
    }
}
