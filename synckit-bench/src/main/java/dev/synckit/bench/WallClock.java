package dev.synckit.bench;

import java.time.Instant;

/**
 * The wall clock the cross-process latencies are measured with: {@link Instant#now()} in microseconds since the
 * epoch. On Linux the JDK reads {@code CLOCK_REALTIME} with microsecond (or finer) resolution, and every process on
 * one host reads the same kernel clock, so a time taken in one process can be subtracted from a time taken in
 * another. {@code System.currentTimeMillis()} would be too coarse, and {@code System.nanoTime()} has an arbitrary
 * origin per process. A clock step (NTP) during a run would show up as a jump in every latency at once.
 */
final class WallClock {

    private WallClock() {
    }

    /** Returns the current wall-clock time in microseconds since the epoch. */
    static long micros() {
        var now = Instant.now();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
    }
}
