package dev.synckit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.synckit.client.internal.store.AppDatabase;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.databind.JsonNode;

/**
 * Backlogs: the initial snapshot and a new device's first pull move in bulk batches, a server that refuses bulk
 * sizes gets the configured ones, and the overlap of server requests with local work (the next push batch encoded
 * while one is in flight, the next page fetched while one is applied) never changes what ends up committed.
 */
class SyncEngineBulkTest {

    private static final String QUERY = "SELECT id, title, done, project_id FROM tasks ORDER BY id";

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

    private SyncEngine engine(String name, SyncKitClient client) {
        var engine = SyncEngine.builder().database(dir.resolve(name)).schema(AppDatabase.fixtureSchema())
                .client(client).spaceId(server.spaceId).clock(clock).hostname("host-" + name).platform("test")
                .build();
        open.add(engine);
        return engine;
    }

    private SyncKitClient overHttp(FakeHttpFront front) {
        var client = SyncKitClient.builder().serverUrl(URI.create(front.uri().toString())).apiKey("sk_test")
                .requestTimeout(Duration.ofSeconds(30)).build();
        open.add(client);
        return client;
    }

    private FakeHttpFront front() throws Exception {
        var front = FakeHttpFront.start(server);
        open.add(front);
        return front;
    }

    private static void insertTasks(AppDatabase app, int from, int to) throws Exception {
        app.exec("WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                + "INSERT INTO tasks (id, title, done) SELECT printf('t%05d', i), 'Task ' || i, i % 2 FROM n",
                from, to);
    }

    @Test
    void aLargeBacklogIsPushedInBulkBatchesFromTheFirstAndPulledInBulkAfterTheFirstPage() throws Exception {
        var a = app("a.db");
        insertTasks(a, 1, 6000);
        var engineA = engine("a.db", server);
        var b = app("b.db");
        var engineB = engine("b.db", server);

        var pushed = engineA.push();
        var pulled = engineB.pull();

        assertThat(pushed.pushed()).isEqualTo(6000);
        assertThat(server.pushSizes()).as("bulk from the first batch").containsExactly(5000, 1000);
        assertThat(engineA.status().pendingChanges()).isZero();
        assertThat(pulled.pulled()).isEqualTo(6000);
        assertThat(server.pullLimits()).as("1000 configured, then bulk").containsExactly(1000, 5000);
        assertThat(b.rows(QUERY)).isEqualTo(a.rows(QUERY));
        assertThat(b.changelog()).as("pulled rows do not echo").isEmpty();
    }

    @Test
    void aServerThatRefusesBulkSizesGetsTheConfiguredOnesFromThenOn() throws Exception {
        var front = front().maxOpsPerPush(1000).maxPullLimit(1000);
        var a = app("a.db");
        insertTasks(a, 1, 3000);
        var engineA = engine("a.db", overHttp(front));
        var b = app("b.db");
        var engineB = engine("b.db", overHttp(front));

        var pushed = engineA.push();
        insertTasks(a, 3001, 4200);
        var again = engineA.push();
        var pulled = engineB.pull();

        assertThat(pushed.pushed()).isEqualTo(3000);
        assertThat(again.pushed()).isEqualTo(1200);
        assertThat(front.pushSizes()).as("one refused bulk batch, then the configured size only")
                .containsExactly(3000, 500, 500, 500, 500, 500, 500, 500, 500, 200);
        assertThat(server.ops()).hasSize(4200);
        assertThat(pulled.pulled()).isEqualTo(4200);
        assertThat(server.pullLimits()).as("the refused bulk limit never reached the store")
                .containsExactly(1000, 1000, 1000, 1000, 1000);
        assertThat(b.rows(QUERY)).isEqualTo(a.rows(QUERY));
    }

    @Test
    void devicesSyncingOverHttpConvergeAndSendOnlyWhitelistedColumns() throws Exception {
        var front = front();
        var a = app("a.db");
        var b = app("b.db");
        var engineA = engine("a.db", overHttp(front));
        var engineB = engine("b.db", overHttp(front));
        a.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Home \u00e9\"quoted\"')");
        a.exec("INSERT INTO tasks (id, title, done, project_id, local_note) VALUES ('t1', 'Dishes', 0, 'p1', 'mine')");
        a.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'Laundry')");
        a.exec("INSERT INTO accounts (id, email, password) VALUES ('a1', 'me@example.com', 'hunter2')");
        engineA.sync();
        engineB.sync();
        a.exec("UPDATE tasks SET title = 'Dishes (A)' WHERE id = 't1'");
        b.exec("UPDATE tasks SET done = 1 WHERE id = 't1'");
        b.exec("DELETE FROM tasks WHERE id = 't2'");

        engineA.sync();
        engineB.sync();
        engineA.sync();

        assertThat(a.rows(QUERY)).isEqualTo(b.rows(QUERY)).singleElement().satisfies(r -> {
            assertThat(r.get("title")).isEqualTo("Dishes (A)");
            assertThat(r.get("done")).isEqualTo(1);
        });
        assertThat(b.value("SELECT name FROM projects")).isEqualTo("Home \u00e9\"quoted\"");
        assertThat(b.rows("SELECT email, password FROM accounts")).singleElement().satisfies(r -> {
            assertThat(r.get("email")).isEqualTo("me@example.com");
            assertThat(r.get("password")).as("never sent").isNull();
        });
        assertThat(server.ops()).allSatisfy(op -> assertThat(op.fields()).doesNotContainKeys("password",
                "local_note"));
    }

    @Test
    void aFailedPushBatchLeavesTheBatchesBeforeItPushedAndTheRestPending() throws Exception {
        var a = app("a.db");
        insertTasks(a, 1, 6000);
        var engine = engine("a.db", server);
        server.failPushNumber(2, new NetworkException("connection reset", null));

        assertThatThrownBy(engine::push).isInstanceOf(NetworkException.class);

        assertThat(server.ops()).hasSize(5000);
        assertThat(engine.status().pendingChanges()).isEqualTo(1000);
        var retry = engine.push();
        assertThat(retry.pushed()).isEqualTo(1000);
        assertThat(retry.duplicate()).isZero();
        assertThat(server.ops()).extracting(Op::rowId).doesNotHaveDuplicates().hasSize(6000);
    }

    @ParameterizedTest
    @CsvSource({"500, 0", "1200, 1000"})
    void aPageThatFailsToApplyLeavesOnlyThePagesBeforeItCommitted(int badOp, int committed) throws Exception {
        var writer = UUID.randomUUID();
        var ops = new ArrayList<Op>();
        for (int i = 1; i <= 1500; i++) {
            // This title breaks the tasks table's CHECK constraint (at most 100 characters).
            ops.add(task(writer, i, i == badOp ? "x".repeat(150) : "Task " + i));
        }
        server.push(server.spaceId, writer, ops);
        var b = app("b.db");
        var engine = engine("b.db", server);

        assertThatThrownBy(engine::pull).isInstanceOf(LocalStoreException.class);

        // Whether the prefetch of the second page was sent before the first page failed depends on timing.
        assertThat(server.pullLimits()).as("the first page, then at most the prefetched second one")
                .startsWith(1000).hasSizeLessThanOrEqualTo(2);
        assertThat(b.count("SELECT count(*) FROM tasks")).isEqualTo(committed);
        assertThat(b.value("SELECT value FROM sync_state WHERE key = 'pull_cursor'")).isEqualTo("" + committed);
        assertThat(b.value("SELECT value FROM sync_state WHERE key = 'applying_remote'")).isEqualTo("0");
        assertThat(b.changelog()).isEmpty();
    }

    private static Op task(UUID device, int i, String title) {
        var fields = Map.<String, JsonNode>of("title", ProtocolJson.mapper().getNodeFactory().stringNode(title));
        return new Op(UUID.randomUUID(), "tasks", "r" + i, OpKind.UPSERT, fields, new Hlc(1_700_000_000_000L + i, 0),
                device, 1);
    }
}
