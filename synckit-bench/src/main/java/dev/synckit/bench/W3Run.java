package dev.synckit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;

/**
 * W3 many clients, as {@code BENCHMARKS.md} defines it. Setup that is not measured: users and keys, and for every
 * client its file, engine, device registration and a first (empty) pull that binds its space. Then every client
 * thread starts on one signal ({@link W3Client}).
 */
final class W3Run {

    /** How long the run waits for the client threads after the duration before it gives up on them. */
    static final Duration JOIN_SLACK = Duration.ofSeconds(120);

    private final W3ManyClients w;
    private final RunContext ctx;
    private final Report report = new Report();

    W3Run(W3ManyClients w, RunContext ctx) {
        this.w = w;
        this.ctx = ctx;
    }

    BenchResult run() throws Exception {
        try (var store = ctx.newStore(); var server = ctx.startServer(store)) {
            var names = w.shared() ? List.of("w3")
                    : IntStream.range(0, w.clients()).mapToObj(i -> "w3-" + i).toList();
            var keys = ctx.createUsers(store, names);
            var devices = new ArrayList<Device>();
            try {
                ctx.progress("setting up " + w.clients() + " clients (" + (w.shared() ? "one shared space"
                        : "one user and space each") + ")");
                for (int i = 0; i < w.clients(); i++) {
                    ctx.checkNotAborted();
                    var device = Device.open(ctx.dir().resolve("client-" + i + ".db"), server.uri(),
                            keys.get(w.shared() ? 0 : i), null, "w3-client-" + i);
                    devices.add(device);
                    device.engine.registerDevice();
                    device.engine.pull();
                }
                measure(server, devices);
            } finally {
                for (var d : devices) {
                    d.close();
                }
            }
        }
        return report.build(w, ctx);
    }

    private void measure(ServerProcess server, List<Device> devices) throws InterruptedException {
        var go = new CountDownLatch(1);
        var liveRoundTrips = new AtomicLong();
        var liveRows = new AtomicLong();
        var projects = Todos.Generator.projects();
        var clients = devices.stream()
                .map(d -> new W3Client(d, projects, w.rowsPerIter(), go, ctx, liveRoundTrips, liveRows)).toList();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < clients.size(); i++) {
            var t = new Thread(clients.get(i), "synckit-bench-w3-client-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        var ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "synckit-bench-w3-progress");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, w.durationS() / 6);
        ticker.scheduleAtFixedRate(() -> ctx.progress(String.format(Locale.ROOT, "%,d round trips, %,d rows accepted",
                liveRoundTrips.get(), liveRows.get())), every, every, TimeUnit.SECONDS);
        ctx.progress(w.clients() + " clients start for " + w.durationS() + " s");
        var cpu0 = server.cpu();
        var clientsCpu0 = ProcessStats.cpu(ProcessHandle.current());
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(w.durationS());
        clients.forEach(c -> c.window(start, end));
        go.countDown();
        try {
            long joinBy = end + JOIN_SLACK.toNanos();
            for (var t : threads) {
                t.join(Duration.ofNanos(Math.max(1_000_000, joinBy - System.nanoTime())));
                if (t.isAlive()) {
                    throw new IllegalStateException("client thread " + t.getName() + " did not finish within "
                            + JOIN_SLACK.toSeconds() + " s after the duration");
                }
            }
        } finally {
            ticker.shutdownNow();
        }
        var cpu1 = server.cpu();
        var clientsCpu1 = ProcessStats.cpu(ProcessHandle.current());
        var peakRss = server.peakRssBytes();
        figures(server, devices, clients, start, peakRss.isPresent() ? peakRss.getAsLong() : null);
        report.figure("server_cpu_s", "server CPU", Report.cpuSeconds(cpu0, cpu1), "s")
                .figure("clients_cpu_s", "clients' CPU (this JVM)", Report.cpuSeconds(clientsCpu0, clientsCpu1), "s");
    }

    private void figures(ServerProcess server, List<Device> devices, List<W3Client> clients, long start,
                         @Nullable Long peakRss) {
        var spaces = new LinkedHashSet<UUID>();
        devices.forEach(d -> spaces.add(d.space()));
        long serverRows = spaces.stream().mapToLong(s -> server.count(s, Todos.TABLE)).sum();
        long accepted = clients.stream().mapToLong(c -> c.pushed).sum();
        long written = clients.stream().mapToLong(c -> c.written).sum();
        long notAccepted = clients.stream().mapToLong(c -> c.notAccepted).sum();
        long lastEnd = clients.stream().mapToLong(c -> c.lastIterationEnd).max().orElse(start);
        int errors = clients.stream().mapToInt(c -> c.errors).sum();
        var firstError = clients.stream().map(c -> c.firstError).filter(e -> e != null).findFirst();
        var rtt = Percentiles.of(clients.stream().flatMapToLong(c -> LongStream.of(c.roundTrips())).toArray());
        boolean pg = ctx.settings().store() == StoreKind.POSTGRES;
        double minRate = pg ? 10_000 : 20_000;
        double maxP99 = pg ? 100 : 50;
        double rate = Report.rate(serverRows, lastEnd - start);
        Double p50 = rtt.count() == 0 ? null : Report.millis(rtt.nearestRank(50));
        Double p99 = rtt.count() == 0 ? null : Report.millis(rtt.nearestRank(99));
        if (w.shared()) {
            report.figure("rows_per_s", "rows/s accepted", rate, "rows/s")
                    .figure("round_trip_p99_ms", "round trip p99", p99, "ms");
        } else {
            report.figure("rows_per_s", "rows/s accepted", rate, "rows/s", String.format(Locale.ROOT, ">= %,.0f rows/s",
                            minRate), r -> r >= minRate)
                    .figure("round_trip_p99_ms", "round trip p99", p99, "ms", "<= " + (int) maxP99 + " ms",
                            ms -> ms <= maxP99);
        }
        report.figure("round_trip_p50_ms", "round trip p50", p50, "ms")
                .figure("round_trip_max_ms", "round trip max", rtt.count() == 0 ? null : Report.millis(rtt.max()), "ms")
                .figure("round_trip_mean_ms", "round trip mean", Report.millis((long) rtt.mean()), "ms")
                .figure("round_trips", "round trips", rtt.count(), "")
                .figure("rows_accepted", "rows accepted (server count)", serverRows, "")
                .figure("measured_s", "start to end of last iteration", Report.seconds(lastEnd - start), "s")
                .figure("pulled_ops", "ops pulled in total (own included)", clients.stream().mapToLong(c -> c.pulled)
                        .sum(), "")
                .figure("applied_ops", "others' ops applied in total", clients.stream().mapToLong(c -> c.applied)
                        .sum(), "")
                .figure("errors", "errors", errors, "")
                .figure("server_peak_rss_bytes", "server peak RSS", peakRss, "bytes");
        report.check("server's row count equals the rows the clients saw accepted", serverRows == accepted,
                        "server " + serverRows + ", accepted " + accepted + " (written " + written + ", pushed but "
                                + "not accepted as new " + notAccepted + ")")
                .check("no errors", errors == 0, errors + " errors" + firstError.map(e -> ", first: " + e).orElse(""))
                .check("every client completed round trips", clients.stream().allMatch(c -> c.roundTripCount > 0),
                        clients.stream().filter(c -> c.roundTripCount == 0).count() + " clients without one");
    }
}
