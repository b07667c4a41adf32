package dev.synckit.client.internal.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The retry schedule after failed syncs (seeds/000: "exponential backoff, 2^N minutes, capped at 15"): after the
 * first consecutive failure wait 1 minute, then 2, 4, 8, and from the fifth on 15. Pure functions of
 * {@code (failures, lastFailure)}, so the schedule survives a restart through the two values kept in sync_state.
 */
final class Backoff {

    /** The longest wait between retries. */
    static final Duration CAP = Duration.ofMinutes(15);

    private Backoff() {
    }

    /**
     * Returns how long to wait after the given number of consecutive failures.
     *
     * @param failures consecutive failures, at least 1
     * @return 2^(failures-1) minutes, at most {@link #CAP}
     * @throws IllegalArgumentException if {@code failures < 1}
     */
    static Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        // 2^4 = 16 minutes is past the cap already; stopping there also keeps the shift far from overflowing.
        return failures > 4 ? CAP : Duration.ofMinutes(Math.min(1L << (failures - 1), CAP.toMinutes()));
    }

    /**
     * Returns when to retry.
     *
     * @param failures consecutive failures, at least 1
     * @param lastFailure when the last of them happened
     * @return the time of the next attempt
     */
    static Instant nextAttempt(int failures, Instant lastFailure) {
        return lastFailure.plus(delay(failures));
    }
}
