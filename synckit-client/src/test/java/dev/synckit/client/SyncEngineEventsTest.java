package dev.synckit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncEvent.RowChange;
import dev.synckit.client.SyncEvent.RowsChanged;
import dev.synckit.client.SyncEvent.Source;
import dev.synckit.client.internal.store.AppDatabase;
import dev.synckit.protocol.ErrorCode;

/**
 * Events, {@code syncNow}, {@code disconnect} and the status additions through the public API. Tests that start the
 * background worker use the system clock, short intervals and Awaitility with bounded timeouts; the deterministic
 * scheduling rules are proved with a fake clock in {@code internal.engine.SchedulerTest}.
 */
class SyncEngineEventsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final FakeServer server = new FakeServer();
    private final MutableClock clock = new MutableClock(T0);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (var c : open.reversed()) {
            c.close();
        }
    }

    private AppDatabase app(String name) throws Exception {
        var app = AppDatabase.withFixtureTables(dir.resolve(name));
        open.add(app);
        return app;
    }

    private SyncEngine engine(String name, Clock engineClock) {
        var engine = SyncEngine.builder().database(dir.resolve(name)).schema(AppDatabase.fixtureSchema())
                .client(server).clock(engineClock).hostname("host-" + name).platform("test")
                .changePollInterval(Duration.ofMillis(20)).syncDebounce(Duration.ofMillis(50)).build();
        open.add(engine);
        return engine;
    }

    private SyncEngine engine(String name) {
        return engine(name, clock);
    }

    private static List<SyncEvent> drain(EventSubscription s) {
        var out = new ArrayList<SyncEvent>();
        for (var e = s.poll(); e.isPresent(); e = s.poll()) {
            out.add(e.get());
        }
        return out;
    }

    private static List<RowsChanged> rowsChanged(List<SyncEvent> events) {
        return events.stream().filter(RowsChanged.class::isInstance).map(RowsChanged.class::cast).toList();
    }

    @Test
    void aSyncRaisesStartedThenCompletedWithItsReport() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        var events = engine.subscribe();
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");

        var report = engine.sync();

        assertThat(drain(events)).containsExactly(new SyncEvent.SyncStarted(T0),
                new SyncEvent.SyncCompleted(T0, report));
        assertThat(report.pushed()).isOne();
    }

    @Test
    void aPullRaisesRemoteRowsChangedWithTheRowsAndColumnsTheMergeChanged() throws Exception {
        var a = app("a.db");
        app("b.db");
        var engineA = engine("a.db");
        var engineB = engine("b.db");
        engineB.sync();
        var events = engineB.subscribe();
        a.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Home')");
        a.exec("INSERT INTO tasks (id, title, done, project_id) VALUES ('t1', 'Dishes', 0, 'p1')");
        a.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'Laundry')");
        engineA.sync();

        var first = engineB.sync();
        var created = drain(events);
        a.exec("UPDATE tasks SET title = 'Dishes (A)' WHERE id = 't1'");
        a.exec("DELETE FROM tasks WHERE id = 't2'");
        engineA.sync();
        engineB.sync();
        var changed = drain(events);

        assertThat(created.getFirst()).isInstanceOf(SyncEvent.SyncStarted.class);
        assertThat(created.getLast()).isEqualTo(new SyncEvent.SyncCompleted(T0, first));
        assertThat(rowsChanged(created)).as("parents first").containsExactly(
                new RowsChanged(Source.REMOTE, "projects", List.of(new RowChange("p1", false, Set.of("name",
                        "archived")))),
                new RowsChanged(Source.REMOTE, "tasks", List.of(
                        new RowChange("t1", false, Set.of("title", "done", "project_id")),
                        new RowChange("t2", false, Set.of("title", "done", "project_id")))));
        assertThat(rowsChanged(changed)).singleElement().isEqualTo(new RowsChanged(Source.REMOTE, "tasks", List.of(
                new RowChange("t1", false, Set.of("title")),
                new RowChange("t2", true, Set.of()))));
    }

    @Test
    void aRemoteWriteThatLosesTheMergeRaisesNoRowsChanged() throws Exception {
        var a = app("a.db");
        var b = app("b.db");
        var engineA = engine("a.db");
        var engineB = engine("b.db");
        a.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        engineA.sync();
        engineB.sync();
        a.exec("UPDATE tasks SET title = 'Older edit' WHERE id = 't1'");
        engineA.sync();
        // B's edit is captured later (SQLite's clock moves on), so it wins the merge on every replica.
        b.exec("UPDATE tasks SET title = 'Newer edit', done = 1 WHERE id = 't1'");
        b.exec("UPDATE sync_changelog SET timestamp = timestamp + 60000 WHERE pushed = 0");
        var events = engineB.subscribe();

        var report = engineB.pull();

        assertThat(report.pulled()).isOne();
        assertThat(report.applied()).isZero();
        assertThat(rowsChanged(drain(events))).isEmpty();
        assertThat(b.value("SELECT title FROM tasks WHERE id = 't1'")).isEqualTo("Newer edit");
    }

    @Test
    void aFailedSyncRaisesAStructuredSyncFailed() throws Exception {
        app("a.db");
        var engine = engine("a.db");
        var events = engine.subscribe();
        server.failNextPull(new ServerException(503, ErrorCode.UNAVAILABLE, "maintenance", "req-9"));

        assertThatThrownBy(engine::sync).isInstanceOf(ServerException.class);

        assertThat(drain(events)).last().isInstanceOfSatisfying(SyncEvent.SyncFailed.class, f -> {
            assertThat(f.at()).isEqualTo(T0);
            assertThat(f.kind()).isEqualTo(SyncEvent.ErrorKind.SERVER);
            assertThat(f.code()).contains(ErrorCode.UNAVAILABLE);
            assertThat(f.message()).contains("HTTP 503", "maintenance");
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryCount()).isOne();
            assertThat(f.nextAttempt()).as("no background worker runs").isEmpty();
        });
        assertThat(engine.status().retryCount()).isOne();
    }

    @Test
    void theBackgroundWorkerReportsAPlainSqlWriteOnAnotherConnectionAsLocalRowsChanged() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db", Clock.systemUTC());
        var events = engine.subscribe();
        engine.start();

        app.exec("INSERT INTO tasks (id, title, done) VALUES ('t1', 'Dishes', 0)");

        var seen = new ArrayList<SyncEvent>();
        await().atMost(WAIT).until(() -> {
            seen.addAll(drain(events));
            return !rowsChanged(seen).isEmpty();
        });
        assertThat(rowsChanged(seen)).first().isEqualTo(new RowsChanged(Source.LOCAL, "tasks",
                List.of(new RowChange("t1", false, Set.of("title", "done", "project_id")))));
    }

    @Test
    void theBackgroundWorkerSyncsShortlyAfterLocalWrites() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db", Clock.systemUTC());
        engine.start();

        for (int i = 0; i < 10; i++) {
            app.exec("INSERT INTO tasks (id, title) VALUES (?, 'x')", "t" + i);
        }

        await().atMost(WAIT).until(() -> server.ops().size() == 10);
        await().atMost(WAIT).until(() -> engine.status().pendingChanges() == 0);
    }

    @Test
    void aSubscriberThatNeverReadsGetsEventsOverflowedAndBlocksNeitherSyncNorLocalWrites() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db", Clock.systemUTC());
        var stuck = engine.subscribe(2);
        engine.start();

        for (int i = 0; i < 30; i++) {
            app.exec("INSERT INTO tasks (id, title) VALUES (?, 'x')", "t" + i);
            engine.syncNow();
        }
        var last = engine.syncNow(); // requested after every write, so the sync that serves it pushes them all

        last.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(server.ops()).hasSize(30);
        assertThat(engine.status().pendingChanges()).isZero();
        var queued = drain(stuck);
        assertThat(queued).as("the overflow marker heads the queue; the capacity holds it and one more event")
                .hasSizeBetween(1, 2).first().isInstanceOf(SyncEvent.EventsOverflowed.class);
        assertThat(queued).filteredOn(SyncEvent.EventsOverflowed.class::isInstance).hasSize(1);
    }

    @Test
    void syncNowRunsOnTheBackgroundWorkerAndCompletesWithTheReport() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db", Clock.systemUTC());
        app.exec("UPDATE sync_state SET value = '0' WHERE key = 'auto_sync_enabled'");
        engine.start();
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'x')");

        var report = engine.syncNow().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(report.pushed()).isOne();
        assertThat(server.pushRequests()).isOne();
        assertThat(server.pullRequests()).as("its own op was all there was to pull").isZero();
    }

    @Test
    void syncNowNeedsAStartedConfiguredEngine() throws Exception {
        app("a.db");
        var engine = engine("a.db");

        assertThatThrownBy(engine::syncNow).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
    }

    @Test
    void closeStopsTheWorkerThreadsAndClosesSubscriptions() throws Exception {
        app("worker.db");
        var engine = engine("worker.db", Clock.systemUTC());
        var events = engine.subscribe();
        engine.start();
        engine.start();
        await().atMost(WAIT).until(() -> workerThreads("worker.db").size() == 2); // the first sync starts at once

        engine.close();

        await().atMost(WAIT).until(() -> workerThreads("worker.db").isEmpty());
        assertThat(events.isClosed()).isTrue();
        assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(engine::subscribe).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> workerThreads(String file) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("synckit-scheduler-" + file) || n.equals("synckit-sync-" + file)).toList();
    }

    @Test
    void disconnectStopsSyncForgetsTheDeviceAndKeepsLocalData() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Synced')");
        engine.sync();
        engine.start();
        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'Not pushed yet')");

        engine.disconnect();

        var status = engine.status();
        assertThat(status.configured()).isFalse();
        assertThat(status.authenticated()).isFalse();
        assertThat(status.deviceId()).isEmpty();
        assertThat(engine.deviceId()).isEmpty();
        assertThat(status.nextAttempt()).isEmpty();
        assertThat(status.pendingChanges()).as("unpushed changes stay").isOne();
        assertThat(app.count("SELECT count(*) FROM tasks")).isEqualTo(2);
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'device_id'")).isNull();
        assertThat(workerThreads("a.db")).isEmpty();
        assertThatThrownBy(engine::sync).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disconnected");
        assertThatThrownBy(engine::syncNow).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewStatusHasTheAdditionsDefaults() throws Exception {
        app("a.db");
        var engine = engine("a.db");

        var status = engine.status();

        assertThat(status.authenticated()).isTrue();
        assertThat(status.retryCount()).isZero();
        assertThat(status.nextAttempt()).isEmpty();
        assertThat(status.realtimeConnected()).isFalse();
        assertThat(new SyncStatus(false, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty()).authenticated()).as("the first version's constructor").isFalse();
    }

    @Test
    void theBuilderValidatesTheWorkerSettings() {
        var b = SyncEngine.builder();
        assertThatThrownBy(() -> b.changePollInterval(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changePollInterval");
        assertThatThrownBy(() -> b.syncDebounce(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.syncDebounce(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
