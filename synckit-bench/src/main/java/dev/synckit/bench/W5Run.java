package dev.synckit.bench;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * W5 offline queue, as {@code BENCHMARKS.md} defines it. A and B run in two {@link DeviceHostMain} processes. Setup
 * that is not measured: A inserts {@link W5OfflineQueue#rowsBefore()} rows and syncs, B syncs them, both engines start
 * and go live. <b>Offline</b> means A's engine is closed (its socket closes; the capture triggers keep recording);
 * A then makes the writes ({@link OfflineWrites}). <b>Online</b> means A builds and starts a new engine on the same
 * file, as an app does when the network returns; the clock starts just before that. B watches for the moment its
 * rows equal A's ({@link DigestWatch}). Requests and WebSocket messages are counted on both clients
 * ({@link CountingHttpClient}) from just before the reconnect until B's answer arrived; a WebSocket upgrade is counted
 * as an opened socket, not as a request.
 */
final class W5Run {

    private final W5OfflineQueue w;
    private final RunContext ctx;
    private final Report report = new Report();

    W5Run(W5OfflineQueue w, RunContext ctx) {
        this.w = w;
        this.ctx = ctx;
    }

    BenchResult run() throws Exception {
        try (var store = ctx.newStore(); var server = ctx.startServer(store)) {
            var key = ctx.createUsers(store, List.of("w5")).getFirst();
            var args = List.of("--server", server.uri().toString());
            try (var a = ctx.startHost("device-a", args); var b = ctx.startHost("device-b", args)) {
                ctx.progress("A and B sync " + w.rowsBefore() + " rows and go live");
                a.call("open 0 " + ctx.dir().resolve("a.db") + " - " + key);
                a.call("seed 0 " + w.rowsBefore());
                var space = a.call("sync 0").split(" ")[0];
                b.call("open 0 " + ctx.dir().resolve("b.db") + " " + space + " " + key);
                b.call("sync 0");
                a.call("start 0");
                b.call("start 0");
                a.awaitLive(W2Run.LIVE_TIMEOUT, ctx);
                b.awaitLive(W2Run.LIVE_TIMEOUT, ctx);

                ctx.progress("A goes offline and makes " + w.writes() + " writes");
                a.call("offline 0");
                int inserts = Integer.parseInt(a.call("writes 0 " + w.writes()));
                var expected = a.call("digest 0");
                b.call("watch-digest 0 " + expected);
                var a0 = counters(a);
                var b0 = counters(b);
                var cpu0 = server.cpu();

                ctx.progress("A comes back online; waiting for B to hold all writes");
                long online = Long.parseLong(a.call("online 0"));
                b.send("await-digest 0 " + W5OfflineQueue.COMPLETE_WITHIN.toMillis());
                var done = b.answer(W5OfflineQueue.COMPLETE_WITHIN.plusMinutes(1)).split(" ");
                var a1 = counters(a);
                var b1 = counters(b);
                var cpu1 = server.cpu();
                var aSync = a.call("first-sync 0").split(" ");
                long doneMicros = Long.parseLong(done[0]);
                breakdown(online, Long.parseLong(aSync[0]), Long.parseLong(aSync[1]), Long.parseLong(done[2]));
                var peak = server.peakRssBytes();
                figures(doneMicros < 0 ? null : (doneMicros - online) / 1e6, a1, a0, b1, b0);
                report.figure("b_done_by", "B's completion noticed by", done[1], "")
                        .figure("inserts", "offline inserts / updates", inserts + " / " + (w.writes() - inserts), "")
                        .figure("server_cpu_s", "server CPU, reconnect until B held all",
                                Report.cpuSeconds(cpu0, cpu1), "s")
                        .figure("server_peak_rss_bytes", "server peak RSS", peak.isPresent() ? peak.getAsLong() : null,
                                "bytes");
                var bNow = b.call("digest 0");
                report.check("B holds exactly A's rows after the reconnect", doneMicros >= 0 && bNow.equals(expected),
                        doneMicros < 0 ? "not within " + W5OfflineQueue.COMPLETE_WITHIN.toSeconds() + " s"
                                : "rows on A and B: " + expected.split(" ")[0] + " / " + bNow.split(" ")[0]);
            }
        }
        return report.build(w, ctx);
    }

    private void figures(@Nullable Double seconds, long[] a1, long[] a0, long[] b1, long[] b0) {
        boolean pg = ctx.settings().store() == StoreKind.POSTGRES;
        double limit = pg ? 1.0 : 0.5;
        long requests = a1[0] - a0[0] + b1[0] - b0[0];
        report.figure("reconnect_to_b_complete_s", "reconnect until B holds all writes", seconds, "s",
                        "<= " + limit + " s", s -> s <= limit)
                .figure("http_requests", "HTTP requests (A + B)", requests, "", "<= 3", r -> r <= 3)
                .figure("a_http_requests", "A: HTTP requests", a1[0] - a0[0], "")
                .figure("b_http_requests", "B: HTTP requests", b1[0] - b0[0], "")
                .figure("a_ws_opened", "A: WebSockets opened", a1[1] - a0[1], "")
                .figure("a_ws_sent", "A: WebSocket messages sent", a1[2] - a0[2], "")
                .figure("a_ws_received", "A: WebSocket messages received", a1[3] - a0[3], "")
                .figure("b_ws_sent", "B: WebSocket messages sent", b1[2] - b0[2], "")
                .figure("b_ws_received", "B: WebSocket messages received", b1[3] - b0[3], "")
                .figure("ws_messages", "WebSocket messages (A + B, both ways)",
                        a1[2] - a0[2] + a1[3] - a0[3] + b1[2] - b0[2] + b1[3] - b0[3], "");
    }

    /** Where the time went: A's first sync after the reconnect, and B's first remote change. */
    private void breakdown(long online, long syncStarted, long syncEnded, long bFirst) {
        report.figure("a_sync_started_s", "A: first sync started after", since(online, syncStarted), "s")
                .figure("a_sync_ended_s", "A: first sync ended after", since(online, syncEnded), "s")
                .figure("b_first_change_s", "B: first remote change after", since(online, bFirst), "s");
    }

    private static @Nullable Double since(long from, long micros) {
        return micros < 0 ? null : (micros - from) / 1e6;
    }

    /** HTTP requests, WebSockets opened, messages sent, received, of the host's device 0. */
    private static long[] counters(DeviceHostProcess host) {
        return Arrays.stream(host.call("counters 0").split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
