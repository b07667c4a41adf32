package dev.synckit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * W2 realtime latency, as {@code BENCHMARKS.md} defines it. A and B run in two {@link DeviceHostMain} processes;
 * the harness only sends commands. Setup that is not measured: A inserts the {@code SEED} rows and syncs; B syncs
 * them; both engines start and the run waits until both are live (synced, realtime socket subscribed). Then B starts
 * recording ({@link VisibilityRecorder}) and A runs the schedule ({@link ScheduledUpdates}); both derive the same
 * updates from one random number ({@link UpdatePlan}). Server CPU covers the schedule and the wait for B. With
 * encryption, A sets it up right after opening, before seeding, and B unlocks it before its first sync; the password
 * travels to the hosts on standard input.
 */
final class W2Run {

    static final Duration LIVE_TIMEOUT = Duration.ofSeconds(60);

    private final W2RealtimeLatency w;
    private final RunContext ctx;
    private final Report report = new Report();

    W2Run(W2RealtimeLatency w, RunContext ctx) {
        this.w = w;
        this.ctx = ctx;
    }

    BenchResult run() throws Exception {
        try (var store = ctx.newStore(); var server = ctx.startServer(store)) {
            var key = ctx.createUsers(store, List.of("w2")).getFirst();
            var args = List.of("--server", server.uri().toString(), "--poll-ms", Integer.toString(w.changePollMs()),
                    "--debounce-ms", Integer.toString(w.syncDebounceMs()));
            try (var a = ctx.startHost("device-a", args); var b = ctx.startHost("device-b", args)) {
                ctx.progress("A (pid " + a.pid() + ") inserts " + w.seed() + " rows and syncs; B (pid " + b.pid()
                        + ") syncs them");
                var password = BenchKeys.newPassword();
                a.call("open 0 " + ctx.dir().resolve("a.db") + " - " + key);
                var encryptionA = w.encrypt() ? a.call("encrypt-new 0 " + password) : "OFF";
                a.call("seed 0 " + w.seed());
                var space = a.call("sync 0").split(" ")[0];
                b.call("open 0 " + ctx.dir().resolve("b.db") + " " + space + " " + key);
                var encryptionB = w.encrypt() ? b.call("encrypt-existing 0 " + password) : "OFF";
                long seededOnB = Long.parseLong(b.call("sync 0").split(" ")[1]);
                a.call("start 0");
                b.call("start 0");
                a.awaitLive(LIVE_TIMEOUT, ctx);
                b.awaitLive(LIVE_TIMEOUT, ctx);
                long planSeed = new Random().nextLong();
                b.call("expect 0 " + planSeed + " " + w.updates());

                ctx.progress("A makes " + w.updates() + " updates at " + w.rate() + "/s; B records when it sees them");
                var cpu0 = server.cpu();
                a.send("write 0 " + planSeed + " " + w.updates() + " " + w.rate());
                var written = longs(a.answer(Duration.ofSeconds(w.updates() / w.rate() + 120)));
                ctx.checkNotAborted();
                ctx.progress("A is done; waiting up to " + W2RealtimeLatency.MISSED_AFTER.toSeconds() + " s for B");
                b.send("seen 0 " + W2RealtimeLatency.MISSED_AFTER.toMillis());
                var seen = longs(b.answer(W2RealtimeLatency.MISSED_AFTER.plusMinutes(2)));
                var cpu1 = server.cpu();
                var peak = server.peakRssBytes();
                report.figure("server_peak_rss_bytes", "server peak RSS", peak.isPresent() ? peak.getAsLong() : null,
                        "bytes").figure("server_cpu_s", "server CPU during the updates", Report.cpuSeconds(cpu0, cpu1),
                        "s");
                figures(Arrays.copyOfRange(written, 2, written.length), Arrays.copyOfRange(seen, 2, seen.length),
                        written[0], written[1]);
                report.check("B held the seeded rows before the updates", seededOnB == w.seed(),
                                seededOnB + " of " + w.seed())
                        .check("B's database holds the last title of every updated row", seen[0] == seen[1],
                                seen[0] + " of " + seen[1] + " rows");
                if (w.encrypt()) {
                    encryptedChecks(server, UUID.fromString(space), encryptionA, encryptionB);
                }
            }
        }
        return report.build(w, ctx);
    }

    /** The server holds the seeded rows under the sealed name only (no view-content check: values are sealed). */
    private void encryptedChecks(ServerProcess server, UUID space, String encryptionA, String encryptionB) {
        long sealed = server.count(space, BenchKeys.serverTable(true, ctx.dir().resolve("a.db"), space));
        report.check("the server holds SEED rows under the sealed table name", sealed == w.seed(),
                sealed + " of " + w.seed());
        BenchKeys.check(report, encryptionA, encryptionB, server.count(space, Todos.TABLE));
    }

    private void figures(long[] written, long[] seen, long maxLateNanos, long maxWriteNanos) {
        var latencies = new ArrayList<Long>();
        var secondHalf = new ArrayList<Long>();
        long negative = 0;
        for (int i = 0; i < written.length; i++) {
            if (seen[i] >= 0) {
                long nanos = (seen[i] - written[i]) * 1000;
                latencies.add(nanos);
                if (i >= written.length / 2) {
                    secondHalf.add(nanos);
                }
                negative += nanos < 0 ? 1 : 0;
            }
        }
        // Not a figure of BENCHMARKS.md: the same percentiles without the first half, to tell a warm-up tail (JIT
        // of the three fresh JVMs) from a steady one.
        var late = Percentiles.of(secondHalf.stream().mapToLong(Long::longValue).toArray());
        long missed = written.length - latencies.size();
        var p = Percentiles.of(latencies.stream().mapToLong(Long::longValue).toArray());
        boolean pg = ctx.settings().store() == StoreKind.POSTGRES;
        double p50Target = pg ? 6 : 3;
        double p99Target = pg ? 20 : 10;
        Double p50 = p.count() == 0 ? null : Report.millis(p.nearestRank(50));
        Double p99 = p.count() == 0 ? null : Report.millis(p.nearestRank(99));
        report.figure("latency_p50_ms", "latency p50", p50, "ms", "<= " + (int) p50Target + " ms",
                        ms -> ms <= p50Target)
                .figure("latency_p95_ms", "latency p95", p.count() == 0 ? null : Report.millis(p.nearestRank(95)), "ms")
                .figure("latency_p99_ms", "latency p99", p99, "ms", "<= " + (int) p99Target + " ms",
                        ms -> ms <= p99Target)
                .figure("latency_max_ms", "latency max", p.count() == 0 ? null : Report.millis(p.max()), "ms")
                .figure("latency_mean_ms", "latency mean", p.count() == 0 ? null : p.mean() / 1e6, "ms")
                .figure("latency_second_half_p50_ms", "latency p50, second half of the updates",
                        late.count() == 0 ? null : Report.millis(late.nearestRank(50)), "ms")
                .figure("latency_second_half_p99_ms", "latency p99, second half of the updates",
                        late.count() == 0 ? null : Report.millis(late.nearestRank(99)), "ms")
                .figure("missed", "missed (unseen after 30 s)", missed, "", "= 0", m -> m == 0)
                .figure("seen", "updates seen by B", (long) latencies.size(), "")
                .figure("writer_max_late_ms", "A: latest start after its due time", Report.millis(maxLateNanos), "ms")
                .figure("writer_max_write_ms", "A: longest local write", Report.millis(maxWriteNanos), "ms");
        report.check("every update seen by B within 30 s", missed == 0, missed + " missed of " + written.length)
                .check("no latency below zero (clocks comparable)", negative == 0, negative + " below zero");
    }

    private static long[] longs(String answer) {
        return Arrays.stream(answer.split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
