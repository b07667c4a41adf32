package dev.synckit.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.SyncReport;

/**
 * W1 bootstrap, step by step as {@code BENCHMARKS.md} defines it.
 *
 * <p>Setup that is not part of any figure: each device registers and binds its space before its timed step (A
 * with an empty push, which also takes its empty initial snapshot; B with {@code registerDevice()} and the space
 * given to its builder), so that push time is the push of the N captured rows and pull time the pull of them.
 * With encryption, A sets it up before that empty push and B unlocks it after registering (Argon2id, untimed); the
 * server then holds the rows under a sealed table name, which the checks derive from A's key ({@link BenchKeys}).
 */
final class W1Run {

    private final W1Bootstrap w;
    private final RunContext ctx;
    private final Report report = new Report();
    private final double limitS;

    /** What one timed step measured: wall time, requests, time waiting for the server, server CPU before/after. */
    private record Step(long nanos, long requests, long waitNanos, Optional<Duration> cpuBefore,
                        Optional<Duration> cpuAfter, ThreadCpu.@Nullable Split threads, SyncReport result) {
    }

    W1Run(W1Bootstrap w, RunContext ctx) {
        this.w = w;
        this.ctx = ctx;
        this.limitS = ctx.settings().store() == StoreKind.POSTGRES ? 2.0 : 1.0; // PostgreSQL: within 2x
    }

    BenchResult run() throws Exception {
        try (var store = ctx.newStore()) {
            try (var server = ctx.startServer(store)) {
                var keys = ctx.createUsers(store, w.warmUp() ? List.of("w1", "w1-warm-up") : List.of("w1"));
                var key = keys.getFirst();
                char[] password = BenchKeys.newPassword().toCharArray();
                if (w.warmUp()) {
                    warmUp(server, keys.get(1), password);
                }
                try (var a = open(server, key, null, "a")) {
                    setUpWriter(a, password, "A");
                    long insertNs = insert(a, "A");
                    ctx.progress("A pushes");
                    var push = timed(a, server, () -> a.engine.push());
                    try (var b = open(server, key, a.space(), "b")) {
                        setUpReader(b, password, "B");
                        ctx.progress("B pulls");
                        var pull = timed(b, server, () -> b.engine.pull());
                        timings(insertNs, push, pull, server.peakRssBytes());
                        checks(a, b, server, push.result());
                    }
                }
                server.stop();
                report.figure("server_store_bytes", "server store size", store.sizeBytes(), "bytes");
            }
            report.figure("a_file_bytes", "A's file size", Device.fileBytes(ctx.dir().resolve("a.db")), "bytes")
                    .figure("b_file_bytes", "B's file size", Device.fileBytes(ctx.dir().resolve("b.db")), "bytes");
        }
        return report.build(w, ctx);
    }

    /**
     * The whole sequence once, untimed, for another account with its own devices and files: insert, push, and a
     * fresh device's pull. Its ops are in another space, so the measured run's counts and checks do not see them.
     */
    private void warmUp(ServerProcess server, String key, char[] password) throws SQLException {
        try (var a = open(server, key, null, "warm-up-a")) {
            setUpWriter(a, password, "warm-up: A'");
            insert(a, "warm-up: A'");
            ctx.progress("warm-up: A' pushes");
            a.engine.push();
            ctx.checkNotAborted();
            try (var b = open(server, key, a.space(), "warm-up-b")) {
                setUpReader(b, password, "warm-up: B'");
                ctx.progress("warm-up: B' pulls");
                b.engine.pull();
            }
        }
        ctx.checkNotAborted();
    }

    /** Opens a device with a new file {@code <file>.db}, on the given space or (null) the account's own. */
    private Device open(ServerProcess server, String key, @Nullable UUID space, String file) throws SQLException {
        return Device.open(ctx.dir().resolve(file + ".db"), server.uri(), key, space, "w1-" + file);
    }

    /** Readies the writing device, untimed: encryption set up if asked, then an empty push that binds its space. */
    private void setUpWriter(Device a, char[] password, String label) {
        if (w.encrypt()) {
            ctx.progress(label + " sets up encryption");
            a.engine.setupEncryptionNew(password); // the recovery key is not needed
        }
        a.engine.push();
    }

    /** Readies a fresh device on the writer's space, untimed: registered, encryption unlocked if asked. */
    private void setUpReader(Device b, char[] password, String label) {
        b.engine.registerDevice();
        if (w.encrypt()) {
            ctx.progress(label + " unlocks encryption");
            b.engine.setupEncryptionExisting(password);
        }
    }

    /** Generates the rows before timing, then inserts them through the device's app connection; returns the time. */
    private long insert(Device device, String label) throws SQLException {
        var rows = new Todos.Generator(new Random()).next(w.n(), System.currentTimeMillis());
        ctx.progress(label + " inserts " + w.n() + " rows in transactions of " + w.batch());
        long t0 = System.nanoTime();
        Todos.insert(device.app, rows, w.batch());
        long nanos = System.nanoTime() - t0;
        ctx.checkNotAborted();
        return nanos;
    }

    private Step timed(Device device, ServerProcess server, java.util.function.Supplier<SyncReport> step) {
        var cpu0 = server.cpu();
        var threads0 = server.threadCpu();
        long req0 = device.requests();
        long wait0 = device.waitNanos();
        long t0 = System.nanoTime();
        var result = step.get();
        long nanos = System.nanoTime() - t0;
        var s = new Step(nanos, device.requests() - req0, device.waitNanos() - wait0, cpu0, server.cpu(),
                ThreadCpu.between(threads0, server.threadCpu()), result);
        ctx.checkNotAborted();
        return s;
    }

    private void timings(long insertNs, Step push, Step pull, OptionalLong peakRss) {
        String rateTarget = ">= " + (int) (100_000 / limitS) + " rows/s";
        report.figure("insert_s", "insert time", Report.seconds(insertNs), "s")
                .figure("insert_rows_per_s", "insert rate", Report.rate(w.n(), insertNs), "rows/s")
                .figure("push_s", "push time", Report.seconds(push.nanos()), "s", "<= " + limitS + " s",
                        s -> s <= limitS)
                .figure("push_rows_per_s", "push rate", Report.rate(w.n(), push.nanos()), "rows/s", rateTarget,
                        r -> r >= 100_000 / limitS)
                .figure("pull_s", "pull time", Report.seconds(pull.nanos()), "s", "<= " + limitS + " s",
                        s -> s <= limitS)
                .figure("pull_rows_per_s", "pull rate", Report.rate(w.n(), pull.nanos()), "rows/s", rateTarget,
                        r -> r >= 100_000 / limitS)
                .figure("push_wait_s", "push: waiting for the server", Report.seconds(push.waitNanos()), "s")
                .figure("pull_wait_s", "pull: waiting for response headers", Report.seconds(pull.waitNanos()), "s")
                .figure("push_requests", "push HTTP requests", push.requests(), "")
                .figure("pull_requests", "pull HTTP requests", pull.requests(), "")
                .figure("pushed_ops", "ops accepted (push)", push.result().pushed(), "")
                .figure("pulled_ops", "ops pulled", pull.result().pulled(), "")
                .figure("applied_ops", "ops applied on B", pull.result().applied(), "")
                .figure("server_peak_rss_bytes", "server peak RSS",
                        peakRss.isPresent() ? peakRss.getAsLong() : null, "bytes")
                .figure("server_cpu_push_s", "server CPU during push",
                        Report.cpuSeconds(push.cpuBefore(), push.cpuAfter()), "s")
                .figure("server_cpu_pull_s", "server CPU during pull",
                        Report.cpuSeconds(pull.cpuBefore(), pull.cpuAfter()), "s")
                .figure("server_cpu_s", "server CPU push + pull",
                        Report.cpuSeconds(push.cpuBefore(), pull.cpuAfter()), "s");
        threadFigures("push", push.threads());
        threadFigures("pull", pull.threads());
    }

    /** The server's CPU during a step by kind of thread (the JIT's share varies most between runs). */
    private void threadFigures(String step, ThreadCpu.@Nullable Split split) {
        report.figure("server_cpu_" + step + "_program_s", "… program threads (not JIT, not GC)",
                        split == null ? null : split.program(), "s")
                .figure("server_cpu_" + step + "_jit_s", "… JIT compiler threads", split == null ? null : split.jit(),
                        "s")
                .figure("server_cpu_" + step + "_gc_s", "… GC threads", split == null ? null : split.gc(), "s");
    }

    private void checks(Device a, Device b, ServerProcess server, SyncReport pushed) throws SQLException {
        ctx.progress("checking counts and rows");
        long countA = a.count();
        long countB = b.count();
        var space = a.space();
        String table = BenchKeys.serverTable(w.encrypt(), a.file, space);
        long countServer = server.count(space, table);
        long differences = Todos.differences(a.app, b.app);
        report.check("row counts on A, server and B all equal N",
                        countA == w.n() && countServer == w.n() && countB == w.n(),
                        "A " + countA + ", server (table " + table + ") " + countServer + ", B " + countB + ", N "
                                + w.n())
                .check("B's rows equal A's", differences == 0, differences + " rows differ")
                .check("every pushed op accepted as new", pushed.pushed() == w.n() && pushed.rejected() == 0,
                        "pushed " + pushed.pushed() + ", duplicate " + pushed.duplicate() + ", superseded "
                                + pushed.superseded() + ", rejected " + pushed.rejected());
        if (w.encrypt()) {
            BenchKeys.check(report, a.engine.status().encryption().name(), b.engine.status().encryption().name(),
                    server.count(space, Todos.TABLE));
        }
    }
}
