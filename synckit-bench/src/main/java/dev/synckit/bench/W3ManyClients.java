package dev.synckit.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W3 many clients: {@code clients} devices, each with its own SQLite file, loop for {@code durationS} seconds
 * writing {@code rowsPerIter} rows in one transaction, then pushing, then pulling. Measures the rows per second the
 * server accepted and the round-trip latency (push start to pull end).
 *
 * @param clients devices, 1 to 1,000 ({@code CLIENTS}, default 50)
 * @param durationS how long the devices loop, 1 to 3,600 seconds ({@code DURATION_S}, default 30)
 * @param rowsPerIter rows written per iteration, 1 to 5,000 ({@code ROWS_PER_ITER}, default 10)
 * @param shared true: one user and one space for all devices; false: one user (and space) per device
 *               ({@code SHARED}, default 1)
 */
public record W3ManyClients(int clients, int durationS, int rowsPerIter, boolean shared) implements Workload {

    /** The default {@code CLIENTS}. */
    public static final int DEFAULT_CLIENTS = 50;
    /** The default {@code DURATION_S}. */
    public static final int DEFAULT_DURATION_S = 30;
    /** The default {@code ROWS_PER_ITER}. */
    public static final int DEFAULT_ROWS_PER_ITER = 10;
    /** The default {@code SHARED}. */
    public static final boolean DEFAULT_SHARED = true;

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public W3ManyClients {
        Params.requireRange("clients", clients, 1, 1000);
        Params.requireRange("duration_s", durationS, 1, 3600);
        Params.requireRange("rows_per_iter", rowsPerIter, 1, 5000);
    }

    /**
     * Returns W3 with the parameters of {@code BENCHMARKS.md}.
     *
     * @return 50 clients, 30 s, 10 rows per iteration, shared
     */
    public static W3ManyClients defaults() {
        return new W3ManyClients(DEFAULT_CLIENTS, DEFAULT_DURATION_S, DEFAULT_ROWS_PER_ITER, DEFAULT_SHARED);
    }

    @Override
    public String id() {
        return "w3";
    }

    @Override
    public String title() {
        return "many clients";
    }

    @Override
    public Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("clients", clients);
        p.put("duration_s", durationS);
        p.put("rows_per_iter", rowsPerIter);
        p.put("shared", shared ? 1 : 0);
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Duration defaultTimeLimit() {
        return Duration.ofSeconds(durationS).plusMinutes(5);
    }
}
