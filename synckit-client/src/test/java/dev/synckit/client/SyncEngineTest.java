package dev.synckit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.internal.store.AppDatabase;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.OpKind;

class SyncEngineTest {

    @TempDir
    Path dir;

    private final FakeServer server = new FakeServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
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

    private SyncEngine.Builder builder(String name) {
        return SyncEngine.builder().database(dir.resolve(name)).schema(AppDatabase.fixtureSchema()).client(server)
                .clock(clock).hostname("host-" + name).platform("test");
    }

    private SyncEngine engine(String name) {
        var engine = builder(name).build();
        open.add(engine);
        return engine;
    }

    @Test
    void anEngineWithoutAClientInstallsAndCapturesButCannotSync() throws Exception {
        var app = app("a.db");
        var engine = SyncEngine.builder().database(dir.resolve("a.db")).schema(AppDatabase.fixtureSchema()).build();
        open.add(engine);

        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Offline')");

        assertThatThrownBy(engine::sync).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
        assertThatThrownBy(engine::registerDevice).isInstanceOf(IllegalStateException.class);
        var status = engine.status();
        assertThat(status.configured()).isFalse();
        assertThat(status.pendingChanges()).isOne();
        assertThat(status.deviceId()).isEmpty();
        assertThat(status.lastFailure()).as("misuse is not a sync failure").isEmpty();
    }

    @Test
    void theFirstSyncSnapshotsRowsThatExistedBeforeInstallAndPushesThemOnce() throws Exception {
        var app = app("a.db");
        app.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Home')");
        app.exec("INSERT INTO tasks (id, title, project_id) VALUES ('t1', 'Dishes', 'p1')");
        var engine = engine("a.db");

        var first = engine.sync();
        var second = engine.sync();

        assertThat(first.pushed()).isEqualTo(2);
        assertThat(second.pushed()).isZero();
        assertThat(server.ops()).extracting(op -> op.table() + "/" + op.rowId())
                .containsExactly("projects/p1", "tasks/t1");
        assertThat(engine.status().pendingChanges()).isZero();
        assertThat(engine.status().deviceId()).isEqualTo(engine.deviceId()).isPresent();
        assertThat(engine.status().spaceId()).contains(server.spaceId);
    }

    @Test
    void resettingTheSnapshotFlagSendsEveryRowAgainButOnlyOnce() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'Laundry')");
        app.exec("DELETE FROM tasks WHERE id = 't2'");
        app.exec("UPDATE sync_state SET value = '0' WHERE key = 'initial_snapshot_done'");

        engine.push();

        assertThat(server.ops()).extracting(op -> op.kind() + " " + op.rowId())
                .containsExactly("DELETE t2", "UPSERT t1");
    }

    @Test
    void twoDevicesConvergeAndKeepConcurrentEditsOfDifferentColumns() throws Exception {
        var a = app("a.db");
        var b = app("b.db");
        var engineA = engine("a.db");
        var engineB = engine("b.db");
        a.exec("INSERT INTO tasks (id, title, done) VALUES ('t1', 'Dishes', 0)");
        a.exec("INSERT INTO tasks (id, title, done) VALUES ('t2', 'Laundry', 0)");
        engineA.sync();
        var pulled = engineB.sync();
        assertThat(pulled.applied()).isEqualTo(2);
        assertThat(b.changelog()).as("pulled rows do not echo").isEmpty();

        a.exec("UPDATE tasks SET title = 'Dishes (A)' WHERE id = 't1'");
        b.exec("UPDATE tasks SET done = 1 WHERE id = 't1'");
        b.exec("DELETE FROM tasks WHERE id = 't2'");
        engineA.sync();
        engineB.sync();
        engineA.sync();

        var query = "SELECT id, title, done FROM tasks ORDER BY id";
        assertThat(a.rows(query)).isEqualTo(b.rows(query)).singleElement().satisfies(r -> {
            assertThat(r.get("title")).isEqualTo("Dishes (A)");
            assertThat(r.get("done")).isEqualTo(1);
        });
    }

    @Test
    void aPushWhoseAnswerWasLostIsRetriedWithTheSameOpIds() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        server.loseNextPushAnswer();

        assertThatThrownBy(engine::push).isInstanceOf(NetworkException.class);
        var retry = engine.push();

        assertThat(retry.duplicate()).isOne();
        assertThat(retry.pushed()).isZero();
        assertThat(server.ops()).hasSize(1);
        assertThat(app.changelog().getFirst().get("op_id")).isEqualTo(server.ops().getFirst().opId().toString());
    }

    @Test
    void aClockRegressionIsRepairedByRestampingPastTheServersMaximumAndRetryingOnce() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        var device = engine.registerDevice();
        var serverMax = new Hlc(9_000_000_000_000L, 5);
        server.setMaxHlc(device, serverMax);
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        app.exec("UPDATE tasks SET done = 1 WHERE id = 't1'");

        var report = engine.push();

        assertThat(report.pushed()).isEqualTo(2);
        assertThat(server.pushRequests()).isEqualTo(2);
        assertThat(server.ops()).allSatisfy(op -> assertThat(op.hlc()).isGreaterThan(serverMax));
        assertThat(server.ops().get(0).hlc()).isLessThan(server.ops().get(1).hlc());
        app.exec("UPDATE tasks SET title = 'Later' WHERE id = 't1'");
        engine.push();
        assertThat(server.ops().getLast().hlc()).as("later writes stay past the maximum").isGreaterThan(serverMax);
    }

    @Test
    void aConflictThatRepeatsAfterTheRetryIsReported() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        var conflict = new ConflictException(dev.synckit.protocol.ErrorCode.HLC_REGRESSION, "backwards", "r",
                new Hlc(9_000_000_000_000L, 0));
        server.failNextPush(conflict);
        server.failNextPush(conflict);

        assertThatThrownBy(engine::push).isSameAs(conflict);
        assertThat(engine.status().pendingChanges()).isOne();
    }

    @Test
    void aSyncWhosePushIsAllTheLogHoldsAfterItsCursorMovesTheCursorWithoutAPull() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        for (int i = 0; i < 3; i++) {
            app.exec("INSERT INTO tasks (id, title) VALUES (?, 'mine')", "t" + i);
        }

        var report = engine.sync();

        assertThat(report.pushed()).isEqualTo(3);
        assertThat(server.pullRequests()).isZero();
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'pull_cursor'")).isEqualTo("3");
    }

    @Test
    void aSyncPullsWhenAnotherDevicesOpIsAmongItsPushedOnes() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'mine')");
        engine.sync();
        anotherDeviceWrote();
        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'mine too')");

        var report = engine.sync();

        assertThat(server.pullRequests()).isOne();
        assertThat(report.pulled()).isEqualTo(2);
        assertThat(app.value("SELECT title FROM tasks WHERE id = 'o1'")).isEqualTo("from another device");
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'pull_cursor'")).isEqualTo("3");
    }

    @Test
    void failuresAreRecordedInTheStatusWithoutPayloads() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Top secret title')");
        anotherDeviceWrote();
        server.failNextPull(new NetworkException("connection refused", null));

        assertThatThrownBy(engine::sync).isInstanceOf(NetworkException.class);
        var failed = engine.status();
        clock.advance(Duration.ofMinutes(1));
        engine.sync();
        var recovered = engine.status();

        assertThat(failed.lastFailure()).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(failed.lastError()).contains("NetworkException: connection refused");
        assertThat(failed.lastSuccess()).isEmpty();
        assertThat(failed.pendingChanges()).as("the push before the failed pull went through").isZero();
        assertThat(recovered.lastSuccess()).contains(Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(recovered.configured()).isTrue();
    }

    @Test
    void passwordsAndOtherUnlistedColumnsNeverLeaveTheDevice() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO accounts (id, email, server, password)"
                + " VALUES ('a1', 'me@example.com', 'imap', 'hunter2')");
        app.exec("UPDATE accounts SET password = 'hunter3' WHERE id = 'a1'");
        app.exec("INSERT INTO tasks (id, title, local_note) VALUES ('t1', 'Dishes', 'private note')");

        engine.sync();

        assertThat(server.ops()).hasSize(2).allSatisfy(op -> {
            assertThat(op.fields()).doesNotContainKeys("password", "local_note");
            assertThat(op.fields().toString()).doesNotContain("hunter", "private note");
        });
    }

    @Test
    void rowIdsTheProtocolCannotCarryAreDroppedAndCountedAsRejected() throws Exception {
        var app = app("a.db");
        var engine = engine("a.db");
        app.exec("INSERT INTO tasks (id, title) VALUES (?, 'Too long an id')", "x".repeat(300));
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Fine')");

        var report = engine.push();

        assertThat(report.rejected()).isOne();
        assertThat(report.pushed()).isOne();
        assertThat(engine.status().pendingChanges()).isZero();
    }

    @Test
    void aColumnRemovedFromTheDeclarationIsNotSentEvenFromEarlierCaptures() throws Exception {
        var app = app("a.db");
        engine("a.db").close();
        app.exec("INSERT INTO accounts (id, email, server) VALUES ('a1', 'me@example.com', 'imap')");
        var narrower = SyncSchema.builder().table(TableSpec.builder("accounts").columns("server").build()).build();
        var engine = builder("a.db").schema(narrower).build();
        open.add(engine);

        engine.push();

        assertThat(server.ops()).singleElement().satisfies(op -> assertThat(op.fields()).containsOnlyKeys("server"));
    }

    @Test
    void deletesPropagateAsDeleteOps() throws Exception {
        var a = app("a.db");
        var b = app("b.db");
        var engineA = engine("a.db");
        var engineB = engine("b.db");
        a.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Home')");
        a.exec("INSERT INTO tasks (id, title, project_id) VALUES ('t1', 'Dishes', 'p1')");
        engineA.sync();
        engineB.sync();

        a.exec("DELETE FROM projects WHERE id = 'p1'");
        engineA.sync();
        engineB.sync();

        assertThat(server.ops()).filteredOn(op -> op.kind() == OpKind.DELETE).hasSize(2);
        assertThat(b.count("SELECT count(*) FROM projects") + b.count("SELECT count(*) FROM tasks")).isZero();
        assertThat(b.rows("PRAGMA foreign_key_check")).isEmpty();
    }

    @Test
    void pullsPageThroughALongLogAndSavesTheCursor() throws Exception {
        var a = app("a.db");
        var b = app("b.db");
        var engineA = engine("a.db");
        var engineB = builder("b.db").pullPageSize(3).build();
        open.add(engineB);
        for (int i = 0; i < 10; i++) {
            a.exec("INSERT INTO tasks (id, title) VALUES (?, ?)", "t" + i, "Task " + i);
        }
        engineA.sync();

        var report = engineB.pull();

        assertThat(report.pulled()).isEqualTo(10);
        assertThat(b.count("SELECT count(*) FROM tasks")).isEqualTo(10);
        assertThat(b.value("SELECT value FROM sync_state WHERE key = 'pull_cursor'")).isEqualTo("10");
    }

    @Test
    void cleanupAfterASyncKeepsAtMostTheCapOfPushedEntries() throws Exception {
        var app = app("a.db");
        var engine = builder("a.db").changelogCap(1).build();
        open.add(engine);
        for (int i = 0; i < 3; i++) {
            app.exec("INSERT INTO tasks (id, title) VALUES (?, 'x')", "t" + i);
        }

        engine.sync();

        assertThat(app.changelog()).extracting(r -> r.get("row_id")).containsExactly("t2");
    }

    @Test
    void cleanupRespectsTheRetention() throws Exception {
        var app = app("a.db");
        var engine = builder("a.db").changelogRetention(Duration.ofDays(7)).build();
        open.add(engine);
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'x')");
        engine.sync();

        clock.advance(Duration.ofDays(6));
        int early = engine.cleanup();
        clock.advance(Duration.ofDays(2));
        int late = engine.cleanup();

        assertThat(early).isZero();
        assertThat(late).isOne();
        assertThat(app.changelog()).isEmpty();
    }

    @Test
    void aDatabaseStaysBoundToTheSpaceOfItsFirstSync() throws Exception {
        app("a.db");
        engine("a.db").sync();

        assertThatThrownBy(() -> builder("a.db").spaceId(UUID.randomUUID()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot sync with space");
    }

    @Test
    void theDeviceIsRegisteredOnceAndRemembered() throws Exception {
        app("a.db");
        var first = engine("a.db");
        var id = first.registerDevice();
        first.close();

        var again = engine("a.db");

        assertThat(again.deviceId()).contains(id);
        assertThat(again.registerDevice()).isEqualTo(id);
    }

    @Test
    void aClosedEngineRefusesWork() throws Exception {
        app("a.db");
        var engine = engine("a.db");

        engine.close();
        engine.close();

        assertThatThrownBy(engine::sync).isInstanceOf(IllegalStateException.class).hasMessage("the engine is closed");
        assertThatThrownBy(engine::status).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void statusDoesNotWaitForARunningSync() throws Exception {
        var app = app("a.db");
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var blocking = new BlockingPullClient(server, entered, release);
        var engine = builder("a.db").client(blocking).build();
        open.add(engine);
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        anotherDeviceWrote();

        try (var executor = Executors.newSingleThreadExecutor()) {
            var running = executor.submit(engine::sync);
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            var status = engine.status();

            assertThat(status.pendingChanges()).as("the push finished before the pull blocked").isZero();
            release.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS).pushed()).isOne();
        }
    }

    /**
     * Puts another device's op into the log, so that the next sync of a device pulls: a sync whose pushed ops are
     * all the log holds after its cursor makes no pull request.
     */
    private void anotherDeviceWrote() throws Exception {
        app("other.db").exec("INSERT INTO tasks (id, title) VALUES ('o1', 'from another device')");
        engine("other.db").push();
    }

    /** Delegates to the fake server, but holds the first pull until the test releases it. */
    private record BlockingPullClient(FakeServer server, CountDownLatch entered, CountDownLatch release)
            implements SyncKitClient {

        @Override
        public dev.synckit.protocol.AccountInfo account() {
            return server.account();
        }

        @Override
        public dev.synckit.protocol.Device registerDevice(String hostname, String platform) {
            return server.registerDevice(hostname, platform);
        }

        @Override
        public List<dev.synckit.protocol.Device> listDevices() {
            return server.listDevices();
        }

        @Override
        public dev.synckit.protocol.PushResponse push(UUID spaceId, UUID deviceId, List<dev.synckit.protocol.Op> ops) {
            return server.push(spaceId, deviceId, ops);
        }

        @Override
        public dev.synckit.protocol.PullPage pull(UUID spaceId, long after, int limit) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new NetworkException("the test never released the pull", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NetworkException("interrupted", e);
            }
            return server.pull(spaceId, after, limit);
        }
    }

    @Test
    void theBuilderValidatesItsSettings() {
        var b = SyncEngine.builder();
        assertThatThrownBy(() -> b.pushBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.pullPageSize(5001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.changelogRetention(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.changelogCap(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.hostname("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessage("database is required");
    }
}
