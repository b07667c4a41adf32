package dev.synckit.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W1 bootstrap: device A inserts {@code n} rows in transactions of {@code batch} rows and pushes them; a fresh
 * device B pulls them. Measures insert, push and pull time, requests, the server's memory and CPU and the sizes on
 * disk.
 *
 * <p>With {@code encrypt}, A sets up end-to-end encryption before it writes anything and B unlocks it before its
 * pull, both untimed (Argon2id); the timed push and pull then seal and open every op.
 *
 * <p>With {@code warmUp}, the whole sequence first runs once, untimed, for another account on the same server and
 * in the same harness JVM (its own devices and files, the same {@code n} and encryption), so that both JVMs have
 * compiled the sync paths before the measured run: the figures then show the steady state of a running server
 * rather than a fresh JVM's. Not part of {@code BENCHMARKS.md}, whose W1 starts from an empty, fresh server; the
 * targets are judged on runs without it.
 *
 * @param n rows, 1 to 10,000,000 ({@code N}, default 100,000)
 * @param batch rows per insert transaction, 1 to 100,000 (default 1,000)
 * @param encrypt whether the account uses end-to-end encryption (default off)
 * @param warmUp whether an untimed run for another account goes first (default off)
 */
public record W1Bootstrap(int n, int batch, boolean encrypt, boolean warmUp) implements Workload {

    /** The default {@code N}. */
    public static final int DEFAULT_N = 100_000;
    /** The default insert batch. */
    public static final int DEFAULT_BATCH = 1000;

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public W1Bootstrap {
        Params.requireRange("n", n, 1, 10_000_000);
        Params.requireRange("batch", batch, 1, 100_000);
    }

    /**
     * Returns W1 without encryption.
     *
     * @param n rows, 1 to 10,000,000
     * @param batch rows per insert transaction, 1 to 100,000
     * @throws IllegalArgumentException if one is out of range
     */
    public W1Bootstrap(int n, int batch) {
        this(n, batch, false, false);
    }

    /**
     * Returns W1 without a warm-up.
     *
     * @param n rows, 1 to 10,000,000
     * @param batch rows per insert transaction, 1 to 100,000
     * @param encrypt whether the account uses end-to-end encryption
     * @throws IllegalArgumentException if one is out of range
     */
    public W1Bootstrap(int n, int batch, boolean encrypt) {
        this(n, batch, encrypt, false);
    }

    /**
     * Returns W1 with the parameters of {@code BENCHMARKS.md}.
     *
     * @return {@code N = 100,000}, batch 1,000
     */
    public static W1Bootstrap defaults() {
        return new W1Bootstrap(DEFAULT_N, DEFAULT_BATCH);
    }

    @Override
    public String id() {
        return "w1";
    }

    @Override
    public String title() {
        return "bootstrap";
    }

    @Override
    public Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("n", n);
        p.put("batch", batch);
        p.put("encrypt", encrypt);
        p.put("warm_up", warmUp);
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Duration defaultTimeLimit() {
        return Duration.ofMinutes(warmUp ? 20 : 10);
    }
}
