package dev.synckit.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W5 offline queue: devices A and B, each in its own process, in live sync; A goes offline and makes {@code writes}
 * single-row writes (half inserts, half updates of rows both devices held), one transaction each; then A comes back
 * online. Measures the time from A's reconnect until B holds all of A's rows, and the HTTP requests and WebSocket
 * messages the two devices used meanwhile.
 *
 * @param writes offline writes, 1 to 1,000,000 ({@code WRITES}, default 1,000)
 */
public record W5OfflineQueue(int writes) implements Workload {

    /** The default {@code WRITES}. */
    public static final int DEFAULT_WRITES = 1000;
    /** How long the run waits for B after A's reconnect before it reports B as incomplete. */
    public static final Duration COMPLETE_WITHIN = Duration.ofSeconds(120);

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public W5OfflineQueue {
        Params.requireRange("writes", writes, 1, 1_000_000);
    }

    /**
     * Returns W5 with the parameters of {@code BENCHMARKS.md}.
     *
     * @return 1,000 writes
     */
    public static W5OfflineQueue defaults() {
        return new W5OfflineQueue(DEFAULT_WRITES);
    }

    /** Returns how many rows both devices hold before A goes offline (the rows A's updates change). */
    public int rowsBefore() {
        return Math.max(1, writes / 2);
    }

    @Override
    public String id() {
        return "w5";
    }

    @Override
    public String title() {
        return "offline queue";
    }

    @Override
    public Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("writes", writes);
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Duration defaultTimeLimit() {
        return COMPLETE_WITHIN.plusMinutes(5).plusSeconds(writes / 100);
    }
}
