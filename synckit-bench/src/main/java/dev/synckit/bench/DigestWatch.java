package dev.synckit.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * W5's observer, on device B: after every remote change it compares B's rows with an expected digest
 * ({@link Todos#digest}, A's rows after its offline writes) and records the reception time of the event after which
 * they matched. A bounded poll (every {@link #POLL}) backs the events up; a match found by it is reported as such.
 */
final class DigestWatch {

    static final Duration POLL = Duration.ofMillis(100);

    /**
     * @param micros when B first held all of A's rows (epoch microseconds), or -1 if not within the timeout
     * @param byEvent whether the match was found right after a remote change event (else by the poll)
     */
    record Result(long micros, boolean byEvent) {
    }

    private volatile long firstEvent = -1;

    private final HostedDevice device;
    private final String expected;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition matched = lock.newCondition();
    private Result result = new Result(-1, false);

    DigestWatch(HostedDevice device, String expected) {
        this.device = device;
        this.expected = expected;
    }

    DigestWatch listen() {
        device.onRemote(remote -> {
            if (firstEvent < 0) {
                firstEvent = remote.micros();
            }
            check(remote.micros(), true);
        });
        return this;
    }

    private void check(long micros, boolean byEvent) {
        String now;
        try {
            now = device.app(Todos::digest);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read B's rows: " + e.getMessage(), e);
        }
        if (!now.equals(expected)) {
            return;
        }
        lock.lock();
        try {
            if (result.micros() < 0) {
                result = new Result(micros, byEvent);
                matched.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns when the first remote change arrived after the watch began (epoch microseconds), or -1. */
    long firstEvent() {
        return firstEvent;
    }

    /** Waits until B's rows match or the timeout passed. */
    Result await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            lock.lock();
            try {
                if (result.micros() >= 0) {
                    return result;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return result;
                }
                matched.awaitNanos(Math.min(left, POLL.toNanos()));
                if (result.micros() >= 0) {
                    return result;
                }
            } finally {
                lock.unlock();
            }
            check(WallClock.micros(), false);
        }
    }
}
