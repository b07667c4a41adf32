package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.AuthException;
import dev.synckit.client.EventSubscription;
import dev.synckit.client.FakeServer;
import dev.synckit.client.MutableClock;
import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncReport;
import dev.synckit.client.internal.store.AppDatabase;

/**
 * The background worker, driven without threads: the fake clock moves, {@link Scheduler#runDueWork()} does what is
 * due and runs syncs inline. Syncs are counted as pull requests (every sync pulls once; nothing here pages).
 */
class SchedulerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final FakeServer server = new FakeServer();
    private final MutableClock clock = new MutableClock(T0);
    private final List<AutoCloseable> open = new ArrayList<>();
    /** One subscription per engine, to count the syncs that start (a sync need not make a pull request). */
    private final List<EventSubscription> syncEvents = new ArrayList<>();
    private AppDatabase app;

    @BeforeEach
    void openApp() throws Exception {
        app = AppDatabase.withFixtureTables(dir.resolve("app.db"));
        open.add(app);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (var c : open.reversed()) {
            c.close();
        }
    }

    private SyncEngine.Builder builder() {
        return SyncEngine.builder().database(dir.resolve("app.db")).schema(AppDatabase.fixtureSchema())
                .client(server).clock(clock).hostname("test").platform("test");
    }

    private DefaultSyncEngine engine(SyncEngine.Builder builder) {
        var engine = (DefaultSyncEngine) builder.build();
        open.add(engine);
        syncEvents.add(engine.subscribe());
        return engine;
    }

    private DefaultSyncEngine engine() {
        return engine(builder());
    }

    /** Moves the clock, runs what is due, and returns how many syncs that started. */
    private int tick(Scheduler scheduler, Duration step) {
        clock.advance(step);
        syncsStarted();
        scheduler.runDueWork();
        return syncsStarted();
    }

    /** Reads every engine's events so far; returns how many syncs started among them. */
    private int syncsStarted() {
        int started = 0;
        for (var events : syncEvents) {
            for (var e = events.poll(); e.isPresent(); e = events.poll()) {
                started += e.get() instanceof SyncEvent.SyncStarted ? 1 : 0;
            }
        }
        return started;
    }

    private Duration since(Instant t) {
        return Duration.between(t, clock.instant());
    }

    private static List<SyncEvent> drain(EventSubscription s) {
        var out = new ArrayList<SyncEvent>();
        for (var e = s.poll(); e.isPresent(); e = s.poll()) {
            out.add(e.get());
        }
        return out;
    }

    @Test
    void failedSyncsAreRetriedAfterOneTwoFourEightThenFifteenMinutes() {
        var engine = engine();
        for (int i = 0; i < 6; i++) {
            server.failNextPull(new NetworkException("offline", null));
        }
        var scheduler = engine.startDriven();

        var attempts = new ArrayList<Instant>();
        for (int step = 0; step <= 100; step++) { // 50 minutes in 30-second steps
            if (tick(scheduler, step == 0 ? Duration.ZERO : Duration.ofSeconds(30)) > 0) {
                attempts.add(clock.instant());
            }
        }

        var gaps = new ArrayList<Long>();
        for (int i = 1; i < attempts.size(); i++) {
            gaps.add(Duration.between(attempts.get(i - 1), attempts.get(i)).toMinutes());
        }
        assertThat(attempts.getFirst()).as("the first sync is due at once").isEqualTo(T0);
        assertThat(gaps).as("six failures, then the seventh attempt succeeds and the interval takes over")
                .containsExactly(1L, 2L, 4L, 8L, 15L, 15L);
        var status = engine.status();
        assertThat(status.retryCount()).isZero();
        assertThat(status.lastSuccess()).contains(T0.plus(Duration.ofMinutes(45)));
        assertThat(status.nextAttempt()).contains(T0.plus(Duration.ofMinutes(60)));
    }

    @Test
    void theStatusShowsTheRetryCountAndTheNextAttemptAfterAFailure() {
        var engine = engine();
        server.failNextPull(new NetworkException("offline", null));
        server.failNextPull(new NetworkException("offline", null));
        var scheduler = engine.startDriven();

        tick(scheduler, Duration.ZERO);
        tick(scheduler, Duration.ofMinutes(1));

        var status = engine.status();
        assertThat(status.retryCount()).isEqualTo(2);
        assertThat(status.nextAttempt()).contains(T0.plus(Duration.ofMinutes(3)));
        assertThat(status.lastError()).contains("NetworkException: offline");
        assertThat(status.authenticated()).isTrue();
    }

    @Test
    void aSuccessResetsTheBackoff() {
        var engine = engine();
        server.failNextPull(new NetworkException("offline", null));
        server.failNextPull(new NetworkException("offline", null));
        var scheduler = engine.startDriven();
        tick(scheduler, Duration.ZERO);
        tick(scheduler, Duration.ofMinutes(1)); // second failure: the next retry would wait 2 minutes
        assertThat(tick(scheduler, Duration.ofMinutes(2))).isOne(); // succeeds
        var success = clock.instant();
        assertThat(engine.status().retryCount()).isZero();

        server.failNextPull(new NetworkException("offline again", null));
        assertThat(tick(scheduler, Duration.ofMinutes(15))).as("the interval sync, which fails").isOne();

        assertThat(engine.status().retryCount()).isOne();
        assertThat(engine.status().nextAttempt()).as("one minute again, not four")
                .contains(success.plus(Duration.ofMinutes(16)));
    }

    @Test
    void theRetryScheduleSurvivesARestart() {
        var first = engine();
        for (int i = 0; i < 3; i++) {
            server.failNextPull(new NetworkException("offline", null));
        }
        var scheduler = first.startDriven();
        tick(scheduler, Duration.ZERO);
        tick(scheduler, Duration.ofMinutes(1));
        tick(scheduler, Duration.ofMinutes(2)); // third failure at 3 min: retry after 4 minutes, at 7 min
        first.close();

        var second = engine();
        var restarted = second.startDriven();

        assertThat(second.status().retryCount()).isEqualTo(3);
        assertThat(second.status().nextAttempt()).contains(T0.plus(Duration.ofMinutes(7)));
        assertThat(tick(restarted, Duration.ofMinutes(3).plusSeconds(59))).as("at 6:59, not yet").isZero();
        assertThat(tick(restarted, Duration.ofSeconds(1))).as("at 7:00").isOne();
        assertThat(second.status().retryCount()).isZero();
    }

    @Test
    void manyLocalWritesAreCoalescedIntoOneSync() throws Exception {
        var engine = engine();
        var scheduler = engine.startDriven();
        assertThat(tick(scheduler, Duration.ZERO)).as("the first sync").isOne();
        int pushesBefore = server.pushRequests();

        int syncs = 0;
        for (int burst = 0; burst < 3; burst++) {
            for (int i = 0; i < 10; i++) {
                app.exec("INSERT INTO tasks (id, title) VALUES (?, 'x')", "t" + burst + "-" + i);
            }
            syncs += tick(scheduler, Duration.ofMillis(250)); // each burst is noticed; each restarts the debounce
        }
        syncs += tick(scheduler, Duration.ofMillis(250));
        assertThat(syncs).as("still within the debounce of the last write").isZero();
        syncs += tick(scheduler, Duration.ofMillis(250));
        syncs += tick(scheduler, Duration.ofMillis(250));
        syncs += tick(scheduler, Duration.ofSeconds(1));

        assertThat(syncs).isOne();
        assertThat(server.pushRequests() - pushesBefore).isOne();
        assertThat(server.ops()).hasSize(30);
        assertThat(engine.status().pendingChanges()).isZero();
    }

    @Test
    void continuousWritesStillSyncWithinTenDebounces() throws Exception {
        var engine = engine();
        var scheduler = engine.startDriven();
        tick(scheduler, Duration.ZERO);

        var firstWrite = clock.instant().plusMillis(250);
        int syncs = 0;
        for (int i = 0; syncs == 0 && i < 100; i++) {
            app.exec("INSERT INTO tasks (id, title) VALUES (?, 'x')", "t" + i);
            syncs += tick(scheduler, Duration.ofMillis(250)); // a write in every poll: the debounce never runs out
        }

        assertThat(syncs).isOne();
        assertThat(since(firstWrite)).isEqualTo(Duration.ofSeconds(5));
    }

    /** A driven scheduler past its first poll, with the realtime socket reported up and polled once. */
    private Scheduler realtimeConnectedScheduler() throws Exception {
        var scheduler = engine().startDriven();
        tick(scheduler, Duration.ZERO);
        scheduler.realtimeConnected(true);
        tick(scheduler, Duration.ZERO);
        return scheduler;
    }

    @Test
    void whileTheRealtimeSocketIsUpALocalWriteIsPushedByThePollThatNoticesIt() throws Exception {
        var scheduler = realtimeConnectedScheduler();
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'x')");

        assertThat(tick(scheduler, PollCadence.REALTIME_INTERVAL)).as("noticed and pushed by the next poll").isOne();
        scheduler.realtimeConnected(false);
        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'x')");
        assertThat(tick(scheduler, Duration.ofMillis(250))).as("socket down: noticed, then the debounce").isZero();
        assertThat(tick(scheduler, Duration.ofMillis(499))).as("socket down: the configured debounce").isZero();
        assertThat(tick(scheduler, Duration.ofMillis(1))).isOne();
        assertThat(server.ops()).hasSize(2);
    }

    @Test
    void aCommitHintIsAnsweredWithAnImmediatePollAndQuickOnesForAWhile() throws Exception {
        var scheduler = realtimeConnectedScheduler();

        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'x')");
        scheduler.commitHint();
        assertThat(tick(scheduler, Duration.ZERO)).as("noticed and pushed at once").isOne();

        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'x')");
        assertThat(tick(scheduler, Duration.ofMillis(PollCadence.BURST_MILLIS))).as("still in the burst").isOne();
        assertThat(server.ops()).hasSize(2);
    }

    @Test
    void changesWrittenWhileNoEngineRanAreSyncedShortlyAfterTheStart() throws Exception {
        var first = engine();
        tick(first.startDriven(), Duration.ZERO);
        first.close();
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'written while the app ran without sync')");
        clock.advance(Duration.ofMinutes(1));

        var scheduler = engine().startDriven();

        assertThat(tick(scheduler, Duration.ZERO)).as("within the debounce").isZero();
        assertThat(tick(scheduler, Duration.ofMillis(500))).as("not 14 minutes later, at the interval").isOne();
        assertThat(server.ops()).hasSize(1);
    }

    @Test
    void syncNowRequestsMadeBeforeASyncStartsAreServedByOneSync() throws Exception {
        var engine = engine();
        var scheduler = engine.startDriven();
        tick(scheduler, Duration.ZERO);
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'x')");

        var requests = new ArrayList<CompletableFuture<SyncReport>>();
        for (int i = 0; i < 5; i++) {
            requests.add(engine.syncNow());
        }
        int syncs = tick(scheduler, Duration.ZERO) + tick(scheduler, Duration.ofMinutes(1));

        assertThat(syncs).isOne();
        var report = requests.getFirst().getNow(null);
        assertThat(report).isNotNull().extracting(SyncReport::pushed).isEqualTo(1);
        assertThat(requests).allSatisfy(f -> assertThat(f.getNow(null)).isSameAs(report));
    }

    @Test
    void syncNowRequestsMadeWhileASyncRunsAreServedByOneFollowUpSync() throws Exception {
        var engine = engine();
        var scheduler = engine.startDriven();
        var duringTheSync = new ArrayList<CompletableFuture<SyncReport>>();
        server.onNextPull(() -> {
            for (int i = 0; i < 3; i++) {
                duringTheSync.add(engine.syncNow());
            }
        });

        assertThat(tick(scheduler, Duration.ZERO)).isOne();
        assertThat(duringTheSync).hasSize(3).noneMatch(CompletableFuture::isDone);
        assertThat(tick(scheduler, Duration.ZERO)).as("the follow-up").isOne();
        assertThat(tick(scheduler, Duration.ofMinutes(1))).as("nothing more").isZero();

        assertThat(duringTheSync).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void withAutoSyncDisabledOnlySyncNowSyncs() throws Exception {
        var engine = engine();
        app.exec("UPDATE sync_state SET value = '0' WHERE key = 'auto_sync_enabled'");
        var scheduler = engine.startDriven();

        int syncs = tick(scheduler, Duration.ZERO);
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'x')");
        syncs += tick(scheduler, Duration.ofSeconds(1));
        syncs += tick(scheduler, Duration.ofHours(1));
        assertThat(syncs).as("never due, neither by interval nor by writes").isZero();
        assertThat(engine.status().nextAttempt()).isEmpty();

        var requested = engine.syncNow();
        assertThat(tick(scheduler, Duration.ZERO)).isOne();
        assertThat(requested.getNow(null)).isNotNull().extracting(SyncReport::pushed).isEqualTo(1);
    }

    @Test
    void turningAutoSyncBackOnWithPlainSqlTakesEffectWithoutARestart() throws Exception {
        var engine = engine();
        app.exec("UPDATE sync_state SET value = '0' WHERE key = 'auto_sync_enabled'");
        var scheduler = engine.startDriven();
        assertThat(tick(scheduler, Duration.ZERO)).isZero();

        app.exec("UPDATE sync_state SET value = '1' WHERE key = 'auto_sync_enabled'");

        assertThat(tick(scheduler, Duration.ofSeconds(1))).isOne();
    }

    @Test
    void theIntervalSyncIsDueSyncIntervalMinutesAfterTheLastSuccess() throws Exception {
        var engine = engine();
        var scheduler = engine.startDriven();
        tick(scheduler, Duration.ZERO);

        assertThat(tick(scheduler, Duration.ofMinutes(15).minusSeconds(1))).isZero();
        assertThat(tick(scheduler, Duration.ofSeconds(1))).isOne();
        app.exec("UPDATE sync_state SET value = '5' WHERE key = 'sync_interval_minutes'");
        assertThat(tick(scheduler, Duration.ofMinutes(5).minusSeconds(1))).isZero();
        assertThat(tick(scheduler, Duration.ofSeconds(1))).isOne();
    }

    @Test
    void anAuthFailureRaisesAuthExpiredAndStopsBackgroundSyncUntilSyncNowSucceeds() throws Exception {
        var engine = engine();
        var events = engine.subscribe();
        server.failNextPull(new AuthException(401, null, "the token expired", "req-1"));
        var scheduler = engine.startDriven();

        assertThat(tick(scheduler, Duration.ZERO)).isOne();
        var raised = drain(events);
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'x')");
        int syncs = tick(scheduler, Duration.ofSeconds(1)) + tick(scheduler, Duration.ofHours(1));

        assertThat(raised).hasSize(3);
        assertThat(raised.get(0)).isInstanceOf(SyncEvent.SyncStarted.class);
        assertThat(raised.get(1)).isInstanceOfSatisfying(SyncEvent.SyncFailed.class, f -> {
            assertThat(f.kind()).isEqualTo(SyncEvent.ErrorKind.AUTH);
            assertThat(f.retryable()).isFalse();
            assertThat(f.nextAttempt()).isEmpty();
            assertThat(f.retryCount()).isOne();
        });
        assertThat(raised.get(2)).isEqualTo(new SyncEvent.AuthExpired(T0, 401,
                "HTTP 401: the token expired (request id req-1)"));
        assertThat(syncs).as("no retry loop").isZero();
        assertThat(engine.status().authenticated()).isFalse();
        assertThat(engine.status().nextAttempt()).isEmpty();

        var requested = engine.syncNow();
        assertThat(tick(scheduler, Duration.ZERO)).isOne();

        assertThat(requested.getNow(null)).isNotNull().extracting(SyncReport::pushed).isEqualTo(1);
        assertThat(engine.status().authenticated()).isTrue();
        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'x')");
        int resumed = tick(scheduler, Duration.ofSeconds(1)) + tick(scheduler, Duration.ofSeconds(1));
        assertThat(resumed).as("background sync resumed: the write is noticed, then synced").isOne();
    }

    @Test
    void aRetryAfterFailureIsRaisedWithItsNextAttempt() {
        var engine = engine();
        var events = engine.subscribe();
        server.failNextPull(new NetworkException("connection refused", null));
        var scheduler = engine.startDriven();

        tick(scheduler, Duration.ZERO);

        assertThat(drain(events)).filteredOn(SyncEvent.SyncFailed.class::isInstance).singleElement()
                .isEqualTo(new SyncEvent.SyncFailed(T0, SyncEvent.ErrorKind.NETWORK, Optional.empty(),
                        "connection refused", true, 1, Optional.of(T0.plus(Duration.ofMinutes(1)))));
    }

    @Test
    void aPlainSqlWriteOnAnotherConnectionRaisesLocalRowsChanged() throws Exception {
        var engine = engine();
        app.exec("INSERT INTO tasks (id, title) VALUES ('old', 'before the worker started')");
        var events = engine.subscribe();
        var scheduler = engine.startDriven();
        server.failNextPull(new NetworkException("offline: keep the first sync out of the way", null));
        tick(scheduler, Duration.ZERO);
        drain(events);

        app.exec("INSERT INTO tasks (id, title, done) VALUES ('t1', 'Dishes', 0)");
        app.exec("UPDATE tasks SET title = 'Dishes!' WHERE id = 't1'");
        app.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Home')");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'Gone soon')");
        app.exec("DELETE FROM tasks WHERE id = 't2'");
        app.exec("UPDATE tasks SET local_note = 'not synced' WHERE id = 'old'");
        tick(scheduler, Duration.ofMillis(250));

        assertThat(drain(events)).containsExactly(
                new SyncEvent.RowsChanged(SyncEvent.Source.LOCAL, "tasks", List.of(
                        new SyncEvent.RowChange("t1", false, Set.of("title", "done", "project_id")),
                        new SyncEvent.RowChange("t2", true, Set.of()))),
                new SyncEvent.RowsChanged(SyncEvent.Source.LOCAL, "projects", List.of(
                        new SyncEvent.RowChange("p1", false, Set.of("name", "archived")))));
    }

    @Test
    void anUnconfiguredEngineStillReportsLocalChangesButNeverSyncs() throws Exception {
        var engine = (DefaultSyncEngine) SyncEngine.builder().database(dir.resolve("app.db"))
                .schema(AppDatabase.fixtureSchema()).clock(clock).build();
        open.add(engine);
        var events = engine.subscribe();
        var scheduler = engine.startDriven();

        app.exec("INSERT INTO accounts (id, email, password) VALUES ('a1', 'me@example.com', 'secret')");
        tick(scheduler, Duration.ofSeconds(1));
        tick(scheduler, Duration.ofHours(1));

        assertThat(drain(events)).singleElement().isInstanceOfSatisfying(SyncEvent.RowsChanged.class, r -> {
            assertThat(r.table()).isEqualTo("accounts");
            assertThat(r.rowIds()).containsExactly("a1");
            assertThat(r.columns()).containsExactlyInAnyOrder("email", "server");
        });
        assertThat(server.pullRequests()).isZero();
        assertThatThrownBy(engine::syncNow).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }

    @Test
    void closingTheEngineCancelsRequestsThatNoSyncServedYet() {
        var engine = engine();
        var scheduler = engine.startDriven();
        tick(scheduler, Duration.ZERO);
        var requested = engine.syncNow();

        engine.close();

        assertThat(requested).isCompletedExceptionally();
        assertThatThrownBy(requested::join).isInstanceOf(CancellationException.class);
        assertThat(tick(scheduler, Duration.ofHours(1))).as("a stopped worker does nothing").isZero();
    }

    @Test
    void theStatusPlansTheNextSyncOnlyWhileTheWorkerRuns() {
        var engine = engine();
        assertThat(engine.status().nextAttempt()).as("not started").isEmpty();

        var scheduler = engine.startDriven();
        assertThat(engine.status().nextAttempt()).as("never synced: due now").contains(T0);
        tick(scheduler, Duration.ZERO);

        assertThat(engine.status().nextAttempt()).contains(T0.plus(Duration.ofMinutes(15)));
        assertThat(engine.status().realtimeConnected()).isFalse();
    }
}
