package dev.synckit.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W2 realtime latency: devices A and B, each in its own process, in live sync over a server with {@code seed} rows;
 * A makes {@code updates} single-row updates at {@code rate} per second with plain SQL; B records when each new
 * value is visible in its database. Latency is B's visibility time minus A's timestamp taken just before the
 * write, both from the host's wall clock ({@link WallClock}).
 *
 * <p>The engines' two timing knobs that lie on the path of a local write are parameters too, at the SDK's
 * defaults unless set: how often the engine checks the file for the app's commits ({@code changePollInterval}) and
 * how long it waits after noticing one before it pushes ({@code syncDebounce}; while the realtime socket is up the
 * engine does not wait at all).
 *
 * <p>With {@code encrypt}, A sets up end-to-end encryption before it writes anything and B unlocks it before it
 * syncs, both during the untimed setup (Argon2id); every pushed, pulled and streamed op is then sealed or opened.
 *
 * @param updates updates, 1 to 100,000 ({@code UPDATES}, default 300)
 * @param rate updates per second, 1 to 1,000 ({@code RATE}, default 20)
 * @param seed rows on the server and both devices, 1 to 1,000,000 ({@code SEED}, default 1,000)
 * @param changePollMs the engines' {@code changePollInterval} in ms, 10 to 60,000 (SDK default 250)
 * @param syncDebounceMs the engines' {@code syncDebounce} in ms, 0 to 600,000 (SDK default 500)
 * @param encrypt whether the account uses end-to-end encryption (default off)
 */
public record W2RealtimeLatency(int updates, int rate, int seed, int changePollMs, int syncDebounceMs,
                                boolean encrypt) implements Workload {

    /** The default {@code UPDATES}. */
    public static final int DEFAULT_UPDATES = 300;
    /** The default {@code RATE}. */
    public static final int DEFAULT_RATE = 20;
    /** The default {@code SEED}. */
    public static final int DEFAULT_SEED = 1000;
    /** The SDK's default {@code changePollInterval}, in ms. */
    public static final int SDK_CHANGE_POLL_MS = 250;
    /** The SDK's default {@code syncDebounce}, in ms. */
    public static final int SDK_SYNC_DEBOUNCE_MS = 500;
    /** How long B may take after the last write before the updates it has not seen count as missed. */
    public static final Duration MISSED_AFTER = Duration.ofSeconds(30);

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public W2RealtimeLatency {
        Params.requireRange("updates", updates, 1, 100_000);
        Params.requireRange("rate", rate, 1, 1000);
        Params.requireRange("seed", seed, 1, 1_000_000);
        Params.requireRange("change_poll_ms", changePollMs, 10, 60_000);
        Params.requireRange("sync_debounce_ms", syncDebounceMs, 0, 600_000);
    }

    /**
     * Returns W2 without encryption.
     *
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public W2RealtimeLatency(int updates, int rate, int seed, int changePollMs, int syncDebounceMs) {
        this(updates, rate, seed, changePollMs, syncDebounceMs, false);
    }

    /**
     * Returns W2 with the parameters of {@code BENCHMARKS.md} and the SDK's default engine timing.
     *
     * @return 300 updates at 20/s over 1,000 rows
     */
    public static W2RealtimeLatency defaults() {
        return new W2RealtimeLatency(DEFAULT_UPDATES, DEFAULT_RATE, DEFAULT_SEED, SDK_CHANGE_POLL_MS,
                SDK_SYNC_DEBOUNCE_MS);
    }

    @Override
    public String id() {
        return "w2";
    }

    @Override
    public String title() {
        return "realtime latency";
    }

    @Override
    public Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("updates", updates);
        p.put("rate", rate);
        p.put("seed", seed);
        p.put("change_poll_ms", changePollMs);
        p.put("sync_debounce_ms", syncDebounceMs);
        p.put("encrypt", encrypt);
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Duration defaultTimeLimit() {
        return Duration.ofSeconds(updates / rate).plus(MISSED_AFTER).plusMinutes(5);
    }
}
