package dev.synckit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * W6 reconnect storm, as {@code BENCHMARKS.md} defines it. Setup that is not measured: one user (and so one space)
 * per client; the clients ({@link W6Clients}) open, sync and go live; for each client a writer device in this JVM
 * (another device of the same user, not started) registers on the same space. Then, with every client idle and
 * connected, the server's memory is read (after {@link #IDLE_SETTLE}). The server is stopped; while it is down each
 * writer writes {@code BACKLOG} rows locally; the server starts again on the same store and port, and the moment it
 * prints that it is ready starts the clock. At once the writers push their rows ({@link #PUSHERS} at a time) while
 * the clients reconnect by themselves (the SDK's jittered backoff). Done = every client holds its space's rows and
 * its socket is subscribed again ({@link BacklogWatch}).
 */
final class W6Run {

    static final Duration IDLE_SETTLE = Duration.ofSeconds(3);
    static final int PUSHERS = 8;

    private final W6ReconnectStorm w;
    private final RunContext ctx;
    private final Report report = new Report();

    W6Run(W6ReconnectStorm w, RunContext ctx) {
        this.w = w;
        this.ctx = ctx;
    }

    BenchResult run() throws Exception {
        try (var store = ctx.newStore()) {
            var first = ctx.startServer(store);
            int port = first.uri().getPort();
            var keys = ctx.createUsers(store, IntStream.range(0, w.clients()).mapToObj(i -> "w6-" + i).toList());
            var writers = new ArrayList<Device>();
            try (var clients = new W6Clients(w, ctx, first.uri())) {
                ctx.progress(w.clients() + " clients in " + w.jvms() + " JVMs (pids " + clients.pids()
                        + ") open, sync and go live");
                var spaces = clients.openAll(keys);
                clients.awaitLive(Duration.ofSeconds(120 + w.clients() / 5));
                ctx.progress("opening " + w.clients() + " writer devices");
                for (int g = 0; g < w.clients(); g++) {
                    ctx.checkNotAborted();
                    var writer = Device.open(ctx.dir().resolve("writer-" + g + ".db"), first.uri(), keys.get(g),
                            spaces.get(g), "w6-writer-" + g);
                    writers.add(writer);
                    writer.engine.push(); // registers and takes the (empty) initial snapshot, as W1's A does
                }
                idleMemory(first);
                clients.watch(w.backlog());
                var before = clients.counters();

                ctx.progress("server stops; each writer writes " + w.backlog() + " rows meanwhile");
                first.stop();
                var generator = new Todos.Generator(new Random());
                for (var writer : writers) {
                    Todos.insertInOneTransaction(writer.app, generator.next(w.backlog(), System.currentTimeMillis()));
                }
                try (var second = ctx.startServer(store, port, "server-restarted.log")) {
                    long ready = WallClock.micros();
                    var cpu0 = second.cpu();
                    clients.startAwait(W6ReconnectStorm.COMPLETE_WITHIN);
                    ctx.progress("server ready again; writers push, " + w.clients() + " clients reconnect");
                    long pushedAt = pushAll(writers);
                    ctx.progress("writers pushed; waiting for the clients");
                    var times = clients.collect(W6ReconnectStorm.COMPLETE_WITHIN);
                    var done = new long[times.rows().length];
                    Arrays.setAll(done, i -> times.rows()[i] < 0 || times.reconnected()[i] < 0 ? -1
                            : Math.max(times.rows()[i], times.reconnected()[i]));
                    var cpu1 = second.cpu();
                    var peak = second.peakRssBytes();
                    var after = clients.counters();
                    figures(ready, done, pushedAt);
                    spread("reconnected", "reconnected (socket subscribed again)", ready, times.reconnected());
                    spread("rows", "held all rows", ready, times.rows());
                    report.figure("server_peak_rss_bytes", "server peak RSS after the restart",
                                    peak.isPresent() ? peak.getAsLong() : null, "bytes")
                            .figure("server_cpu_s", "server CPU, ready until all done", Report.cpuSeconds(cpu0, cpu1),
                                    "s")
                            .figure("http_requests", "HTTP requests (all clients)", after[0] - before[0], "")
                            .figure("ws_opened", "WebSockets opened (all clients)", after[1] - before[1], "")
                            .figure("ws_messages", "WebSocket messages (all clients, both ways)",
                                    after[2] - before[2] + after[3] - before[3], "");
                    checks(done, clients.digests(), writers, spaces);
                }
            } finally {
                first.kill(); // stopped already unless the run failed before the restart
                for (var writer : writers) {
                    writer.close();
                }
            }
        }
        return report.build(w, ctx);
    }

    private void idleMemory(ServerProcess server) throws InterruptedException {
        ctx.progress(w.clients() + " clients idle-connected; reading the server's memory in "
                + IDLE_SETTLE.toSeconds() + " s");
        Thread.sleep(IDLE_SETTLE.toMillis());
        var rss = ProcessStats.rssBytes(server.pid());
        var peak = server.peakRssBytes();
        Long rssValue = rss.isPresent() ? rss.getAsLong() : null;
        if (w.clients() >= W6ReconnectStorm.MEMORY_TARGET_CLIENTS) {
            report.figure("idle_rss_bytes", "server RSS, all clients idle-connected", rssValue, "bytes",
                    "<= 256 MB", b -> b <= 256.0 * 1024 * 1024);
        } else {
            report.figure("idle_rss_bytes", "server RSS, all clients idle-connected", rssValue, "bytes");
        }
        report.figure("idle_peak_rss_bytes", "server peak RSS until then", peak.isPresent() ? peak.getAsLong() : null,
                "bytes");
    }

    /** Pushes every writer's rows, {@link #PUSHERS} at a time; returns when the last push ended (epoch µs). */
    private long pushAll(List<Device> writers) throws Exception {
        var pool = Executors.newFixedThreadPool(PUSHERS, Thread.ofPlatform().name("synckit-bench-w6-push-", 0)
                .daemon().factory());
        try {
            var tasks = writers.stream().map(d -> (Callable<Object>) () -> d.engine.push()).toList();
            for (var f : pool.invokeAll(tasks)) {
                f.get();
            }
            return WallClock.micros();
        } finally {
            pool.shutdownNow();
        }
    }

    private void figures(long ready, long[] done, long pushedAt) {
        var times = Arrays.stream(done).filter(d -> d >= 0).map(d -> (d - ready) * 1000).toArray();
        var p = Percentiles.of(times);
        boolean pg = ctx.settings().store() == StoreKind.POSTGRES;
        double limit = pg ? 2.0 : 1.0;
        @Nullable Double all = times.length == done.length && times.length > 0 ? Report.seconds(p.max()) : null;
        report.figure("ready_to_all_done_s", "server ready until every client reconnected and holds all rows", all,
                        "s", "<= " + limit + " s", s -> s <= limit)
                .figure("clients_done", "clients done", (long) times.length, "")
                .figure("client_done_p50_s", "per client: done after, p50", p.count() == 0 ? null
                        : Report.seconds(p.nearestRank(50)), "s")
                .figure("client_done_p99_s", "per client: done after, p99", p.count() == 0 ? null
                        : Report.seconds(p.nearestRank(99)), "s")
                .figure("backlog_pushed_s", "writers' backlog pushed after", Report.seconds((pushedAt - ready) * 1000),
                        "s");
    }

    /** p50/p99/max of per-client times after {@code ready}, of the clients that got there. */
    private void spread(String key, String label, long ready, long[] micros) {
        var p = Percentiles.of(Arrays.stream(micros).filter(m -> m >= 0).map(m -> (m - ready) * 1000).toArray());
        for (int rank : new int[] {50, 99, 100}) {
            report.figure("client_" + key + "_p" + rank + "_s", "per client: " + label + (rank == 100 ? ", max"
                    : ", p" + rank), p.count() == 0 ? null : Report.seconds(p.nearestRank(rank)), "s");
        }
    }

    private void checks(long[] done, List<String> digests, List<Device> writers, List<UUID> spaces)
            throws Exception {
        long notDone = Arrays.stream(done).filter(d -> d < 0).count();
        long differ = 0;
        for (int g = 0; g < writers.size(); g++) {
            differ += digests.get(g).equals(Todos.digest(writers.get(g).app)) ? 0 : 1;
        }
        report.check("every client reconnected and holds its backlog within "
                                + W6ReconnectStorm.COMPLETE_WITHIN.toSeconds() + " s", notDone == 0,
                        notDone + " of " + done.length + " not done")
                .check("every client's rows equal its writer's", differ == 0, differ + " clients differ")
                .check("every client in a space of its own", spaces.stream().distinct().count() == spaces.size(),
                        spaces.stream().distinct().count() + " spaces for " + spaces.size() + " clients");
    }
}
