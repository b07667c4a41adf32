package dev.synckit.client.internal.realtime;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * How long to wait before the n-th consecutive attempt to reconnect: exponential from the minimum, capped, with
 * "equal jitter" (half fixed, half random), so that many clients dropped at once by a restarting server do not
 * come back in lockstep. A pure function of the attempt and the random source.
 */
final class ReconnectBackoff {

    private final Duration min;
    private final Duration max;

    ReconnectBackoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /**
     * Returns the wait before an attempt.
     *
     * @param attempt the consecutive failed attempts so far, {@code >= 1}
     * @param random given a bound {@code n > 0}, returns a value in {@code [0, n)}
     * @return the wait, within {@code [base/2, base]} where {@code base = min(min * 2^(attempt-1), max)}
     */
    Duration delay(int attempt, LongUnaryOperator random) {
        long base = Math.min(max.toMillis(), min.toMillis() << Math.min(Math.max(attempt - 1, 0), 20));
        long half = base / 2;
        return Duration.ofMillis(half + random.applyAsLong(base - half + 1));
    }
}
