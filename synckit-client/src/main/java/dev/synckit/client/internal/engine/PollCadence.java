package dev.synckit.client.internal.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * How soon the {@link Scheduler} polls for local commits ({@code PRAGMA data_version}, a few microseconds when
 * nothing changed) again:
 * <ul>
 *   <li>every {@value #BURST_MILLIS} ms for {@value #BURST_LENGTH_MILLIS} ms after a {@link CommitWatch} hint, so
 *       a commit the watch saw being written is noticed within a millisecond or two once it is published;</li>
 *   <li>every {@link #REALTIME_INTERVAL} while the realtime socket is up and commits cannot be watched (other
 *       devices then see an edit within milliseconds of its push, so noticing it must not take 250 ms);</li>
 *   <li>else at the configured interval, which with a watch is only the fallback for a missed hint.</li>
 * </ul>
 * Not thread-safe: the scheduler uses it under its lock.
 */
final class PollCadence {

    static final long BURST_MILLIS = 1;
    static final long BURST_LENGTH_MILLIS = 20;
    /** The longest poll interval while the realtime socket is up and commits are not watched. */
    static final Duration REALTIME_INTERVAL = Duration.ofMillis(10);

    private final Duration configured;
    private boolean realtime;
    private boolean watched;
    private Instant burstUntil = Instant.MIN;

    PollCadence(Duration configured) {
        this.configured = configured;
    }

    /** {@return the wait from a poll at {@code now} to the next one} */
    Duration interval(Instant now) {
        if (now.isBefore(burstUntil)) {
            return Duration.ofMillis(BURST_MILLIS);
        }
        if (realtime && !watched && REALTIME_INTERVAL.compareTo(configured) < 0) {
            return REALTIME_INTERVAL;
        }
        return configured;
    }

    /** A commit may just have happened: poll quickly for a while. */
    void hint(Instant now) {
        burstUntil = now.plusMillis(BURST_LENGTH_MILLIS);
    }

    void realtime(boolean connected) {
        realtime = connected;
    }

    /** {@return whether the realtime socket is up} */
    boolean realtime() {
        return realtime;
    }

    void watched(boolean watching) {
        watched = watching;
    }
}
