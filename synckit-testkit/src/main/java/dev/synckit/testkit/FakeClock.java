package dev.synckit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it. Safe for concurrent use: the code under test may read
 * it from any thread while the test advances it.
 */
public final class FakeClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A clock at {@code start} in UTC.
     *
     * @param start the initial instant
     * @return the clock
     */
    public static FakeClock at(Instant start) {
        return new FakeClock(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    /**
     * Moves the clock forward.
     *
     * @param step how far; may be zero, never negative
     * @return the new instant
     */
    public Instant advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a fake clock only moves forward: " + step);
        }
        return now.updateAndGet(t -> t.plus(step));
    }

    /**
     * Sets the clock to {@code instant}, which may be in the past (to simulate a device whose clock is wrong).
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new FakeClock(now, newZone);
    }
}
