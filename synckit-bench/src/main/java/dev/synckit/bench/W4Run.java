package dev.synckit.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.synckit.client.SyncReport;

/**
 * W4 convergence, as {@code BENCHMARKS.md} defines it. The server's materialized view is read from the server
 * process itself ({@link ServerProcess#view}), not reconstructed by a third replica. The offline edits of A and B
 * run on two threads that start together, each in one transaction through its device's app connection; B does not
 * touch {@code updated_at}, as the definition lists only {@code done} and {@code title} for B.
 */
final class W4Run {

    private final W4Convergence w;
    private final RunContext ctx;
    private final Report report = new Report();

    W4Run(W4Convergence w, RunContext ctx) {
        this.w = w;
        this.ctx = ctx;
    }

    BenchResult run() throws Exception {
        try (var store = ctx.newStore(); var server = ctx.startServer(store)) {
            var key = ctx.createUsers(store, List.of("w4")).getFirst();
            try (var a = Device.open(ctx.dir().resolve("a.db"), server.uri(), key, null, "w4-a");
                 var b = Device.open(ctx.dir().resolve("b.db"), server.uri(), key, null, "w4-b")) {
                var generator = new Todos.Generator(new Random());
                var created = generator.next(w.rows(), System.currentTimeMillis());
                ctx.progress("A creates " + w.rows() + " rows and pushes; B pulls");
                Todos.insert(a.app, created, 1000);
                a.engine.push();
                b.engine.pull();
                var space = a.space();
                var initial = ServerView.parse(server.view(space, Todos.TABLE));
                long initialDiff = Todos.differences(a.app, b.app) + ServerView.differences(initial, a.app);
                report.check("after A pushed and B pulled, A, B and the server are equal", initialDiff == 0,
                        initialDiff + " rows differ");

                ctx.progress("A and B edit offline, concurrently");
                var edits = editOffline(a, b, created, generator);
                ctx.checkNotAborted();

                ctx.progress("sync A, B, A, B");
                long req0 = a.requests() + b.requests();
                long t0 = System.nanoTime();
                var reports = List.of(a.engine.sync(), b.engine.sync(), a.engine.sync(), b.engine.sync());
                long syncNs = System.nanoTime() - t0;
                long requests = a.requests() + b.requests() - req0;
                ctx.checkNotAborted();

                var finalView = ServerView.parse(server.view(space, Todos.TABLE));
                count(created, edits, a.app, b.app, finalView, reports, syncNs, requests);
            }
        }
        return report.build(w, ctx);
    }

    /** The new titles each device wrote, by row id. */
    private record Edits(Map<String, String> aTitles, Map<String, String> bTitles) {
    }

    private Edits editOffline(Device a, Device b, List<Todos.Row> created, Todos.Generator generator)
            throws Exception {
        var aTitles = new HashMap<String, String>();
        var bTitles = new HashMap<String, String>();
        for (int i = 0; i < created.size(); i++) {
            aTitles.put(created.get(i).id(), generator.title("A"));
            if (i >= w.rows() - w.bothTitle()) {
                bTitles.put(created.get(i).id(), generator.title("B"));
            }
        }
        var start = new CountDownLatch(1);
        var onA = CompletableFuture.runAsync(() -> sql(start, a.app, () -> {
            long now = System.currentTimeMillis();
            for (var row : created) {
                exec(a.app, "UPDATE todos SET title = ?, updated_at = ? WHERE id = ?", aTitles.get(row.id()), now,
                        row.id());
            }
        }));
        var onB = CompletableFuture.runAsync(() -> sql(start, b.app, () -> {
            for (int i = 0; i < created.size(); i++) {
                var id = created.get(i).id();
                if (i < w.rows() - w.bothTitle()) {
                    exec(b.app, "UPDATE todos SET done = 1 - done WHERE id = ?", id);
                } else {
                    exec(b.app, "UPDATE todos SET title = ? WHERE id = ?", bTitles.get(id), id);
                }
            }
        }));
        start.countDown();
        CompletableFuture.allOf(onA, onB).get(2, TimeUnit.MINUTES);
        return new Edits(aTitles, bTitles);
    }

    private void count(List<Todos.Row> created, Edits edits, Connection a, Connection b, Map<String, Todos.Row> view,
                       List<SyncReport> reports, long syncNs, long requests) throws SQLException {
        long diffAB = Todos.differences(a, b);
        long diffServer = ServerView.differences(view, a);
        var now = new HashMap<String, Todos.Row>();
        Todos.readAll(a).forEach(r -> now.put(r.id(), r));
        int disjoint = w.rows() - w.bothTitle();
        int visible = 0;
        int bothEdits = 0;
        int aWins = 0;
        int bWins = 0;
        for (int i = 0; i < created.size(); i++) {
            var was = created.get(i);
            var row = now.get(was.id());
            boolean aTitle = row != null && Objects.equals(row.title(), edits.aTitles().get(was.id()));
            if (i < disjoint) {
                boolean flipped = row != null && row.done() == 1 - was.done();
                visible += (aTitle ? 1 : 0) + (flipped ? 1 : 0);
                bothEdits += aTitle && flipped ? 1 : 0;
            } else {
                boolean bTitle = row != null && Objects.equals(row.title(), edits.bTitles().get(was.id()));
                visible += (aTitle ? 1 : 0) + (bTitle ? 1 : 0);
                aWins += aTitle ? 1 : 0;
                bWins += bTitle ? 1 : 0;
            }
        }
        int expected = w.expectedVisibleEdits();
        report.figure("replicas_identical", "replicas identical (A, B, server)", diffAB == 0 && diffServer == 0, "")
                .figure("edits_visible", "edits visible", visible, "", "= " + expected + " of " + 2 * w.rows(),
                        v -> v == expected)
                .figure("edits_total", "edits made", 2 * w.rows(), "")
                .figure("disjoint_rows_with_both_edits", "disjoint-field rows with both edits", bothEdits, "")
                .figure("same_field_rows_a_title", "same-field rows showing A's title", aWins, "")
                .figure("same_field_rows_b_title", "same-field rows showing B's title", bWins, "")
                .figure("sync_s", "sync A, B, A, B", Report.seconds(syncNs), "s")
                .figure("sync_requests", "HTTP requests of the four syncs", requests, "")
                .figure("pushed_ops", "ops pushed (A + B)", reports.stream().mapToInt(SyncReport::pushed).sum(), "")
                .figure("applied_ops", "ops applied (A + B)", reports.stream().mapToInt(SyncReport::applied).sum(), "");
        report.check("A and B identical", diffAB == 0, diffAB + " rows differ")
                .check("server's materialized view identical to A", diffServer == 0, diffServer + " rows differ")
                .check("disjoint-field rows carry both edits", bothEdits == disjoint, bothEdits + " of " + disjoint)
                .check("same-field rows show A's or B's title", aWins + bWins == w.bothTitle(),
                        "A " + aWins + ", B " + bWins + " of " + w.bothTitle())
                .check("edits visible = 2 x (ROWS - BOTH_TITLE) + BOTH_TITLE", visible == expected,
                        visible + " of " + 2 * w.rows() + ", expected " + expected);
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Waits for the start signal, then runs {@code work} in one transaction. */
    private static void sql(CountDownLatch start, Connection app, SqlWork work) {
        try {
            if (!start.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the offline edits never started");
            }
            app.setAutoCommit(false);
            try {
                work.run();
                app.commit();
            } catch (SQLException | RuntimeException e) {
                app.rollback();
                throw e;
            } finally {
                app.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("an offline edit failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void exec(Connection app, String sql, Object... args) throws SQLException {
        try (var ps = app.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
