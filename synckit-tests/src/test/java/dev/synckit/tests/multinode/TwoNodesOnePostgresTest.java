package dev.synckit.tests.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.server.Admin;
import dev.synckit.server.ServerConfig;
import dev.synckit.testkit.PgDatabase;
import tools.jackson.databind.node.StringNode;

/**
 * Two server processes share one PostgreSQL database (DESIGN §3, §6): the sequence stays gap-free for readers on
 * either node while writers push through both, and losing a node mid-push loses nothing acknowledged and
 * duplicates nothing when clients retry against the other node.
 */
@Tag("postgres")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesOnePostgresTest {

    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final SyncSchema TODOS = SyncSchema.builder().version(1)
            .table(TableSpec.builder("todos").primaryKey("id").columns("title", "done").build()).build();

    @TempDir
    Path dir;
    PgDatabase db;
    ServerProcess node1;
    ServerProcess node2;
    String key;
    int user;

    @BeforeAll
    void startNodes(@TempDir Path nodes) throws Exception {
        db = PgDatabase.create();
        node1 = ServerProcess.start(db.jdbcUrl(), nodes, "node1");
        node2 = ServerProcess.start(db.jdbcUrl(), nodes, "node2");
    }

    @AfterAll
    void stopNodes() throws Exception {
        try (var a = node1; var b = node2; var d = db) {
            // closes all three, in reverse order
        }
    }

    @BeforeEach
    void freshUser() {
        var config = ServerConfig.builder().databaseUrl(db.jdbcUrl()).dataDir(dir.resolve("admin")).build();
        try (var admin = Admin.open(config)) {
            var name = "user" + (++user);
            admin.createUser(name);
            key = admin.createApiKey(name).secret();
        }
    }

    SyncKitClient client(ServerProcess node) {
        return SyncKitClient.builder().serverUrl(node.uri()).apiKey(key).requestTimeout(Duration.ofSeconds(20)).build();
    }

    static List<Op> batch(UUID device, String prefix, int size, Hlc[] clock) {
        var ops = new ArrayList<Op>();
        for (int i = 0; i < size; i++) {
            clock[0] = clock[0].tick(System.currentTimeMillis());
            ops.add(new Op(UUID.randomUUID(), "todos", prefix + "-" + i, OpKind.UPSERT,
                    Map.of("title", StringNode.valueOf(prefix + " " + i)), clock[0], device, 1));
        }
        return ops;
    }

    /** Reads the whole log through {@code client}, checking that every page continues at the previous seq + 1. */
    static List<SequencedOp> readAll(SyncKitClient client, UUID space) {
        var all = new ArrayList<SequencedOp>();
        long cursor = 0;
        while (true) {
            var page = client.pull(space, cursor, 1000);
            for (var op : page.ops()) {
                assertThat(op.seq()).as("the op after seq %d", cursor).isEqualTo(cursor + 1);
                cursor = op.seq();
                all.add(op);
            }
            if (!page.hasMore()) {
                return all;
            }
        }
    }

    @Test
    void readersOnBothNodesNeverSkipAnOpWhileWritersPushThroughBoth() throws Exception {
        int writers = 4;
        int readers = 4;
        int batches = 25;
        int perBatch = 20;
        var nodes = List.of(node1, node2);
        var space = client(node1).account().defaultSpaceId();
        var accepted = ConcurrentHashMap.<UUID>newKeySet();
        var start = new CountDownLatch(1);
        var writersDone = new AtomicInteger();
        var deadline = Instant.now().plus(DEADLINE);

        try (var pool = Executors.newFixedThreadPool(writers + readers)) {
            var futures = new ArrayList<Future<?>>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    var client = client(nodes.get(writer % 2));
                    var device = client.registerDevice("writer-" + writer, "test").deviceId();
                    var clock = new Hlc[] {Hlc.ZERO};
                    start.await();
                    for (int b = 0; b < batches; b++) {
                        var ops = batch(device, "w" + writer + "b" + b, perBatch, clock);
                        var response = client.push(space, device, ops);
                        assertThat(response.results()).allMatch(r -> r.status() == OpStatus.APPLIED);
                        ops.forEach(op -> accepted.add(op.opId()));
                    }
                    writersDone.incrementAndGet();
                    return null;
                }));
            }
            var seen = new ArrayList<Future<List<UUID>>>();
            for (int r = 0; r < readers; r++) {
                int reader = r;
                seen.add(pool.submit(() -> {
                    var client = client(nodes.get(reader % 2));
                    var ids = new ArrayList<UUID>();
                    long cursor = 0;
                    start.await();
                    while (Instant.now().isBefore(deadline)) {
                        boolean writing = writersDone.get() < writers;
                        var page = client.pull(space, cursor, 200);
                        for (var op : page.ops()) {
                            assertThat(op.seq()).as("reader %d: the op after seq %d", reader, cursor)
                                    .isEqualTo(cursor + 1);
                            cursor = op.seq();
                            ids.add(op.op().opId());
                        }
                        if (!writing && !page.hasMore()) {
                            return ids;
                        }
                    }
                    throw new AssertionError("reader " + reader + " did not finish within " + DEADLINE);
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get();
            }

            assertThat(accepted).hasSize(writers * batches * perBatch);
            for (var f : seen) {
                var ids = f.get();
                assertThat(ids).doesNotHaveDuplicates();
                assertThat(new HashSet<>(ids)).isEqualTo(accepted);
            }
        }
    }

    @Test
    void killingANodeMidPushLosesNothingAcknowledgedAndDuplicatesNothingAndItRestartsIntoTheSameLog() throws Exception {
        var victim = ServerProcess.start(db.jdbcUrl(), dir.resolve("victim"), "victim");
        var survivor = client(node2);
        var space = survivor.account().defaultSpaceId();
        var device = survivor.registerDevice("pusher", "test").deviceId();
        var clock = new Hlc[] {Hlc.ZERO};
        var viaVictim = client(victim);
        var sent = new ArrayList<UUID>();
        int batches = 60;
        int failedOver = 0;

        try (var killer = Executors.newSingleThreadExecutor()) {
            Future<?> kill = null;
            for (int b = 0; b < batches; b++) {
                var ops = batch(device, "b" + b, 50, clock);
                ops.forEach(op -> sent.add(op.opId()));
                if (b == 10) {
                    kill = killer.submit(() -> {
                        victim.kill();
                        return null;
                    });
                }
                try {
                    assertThat(viaVictim.push(space, device, ops).results())
                            .allMatch(r -> r.status() == OpStatus.APPLIED);
                } catch (NetworkException e) {
                    // the node died before answering: the batch may or may not have committed; retry elsewhere
                    failedOver++;
                    assertThat(survivor.push(space, device, ops).results())
                            .allMatch(r -> r.status() == OpStatus.APPLIED || r.status() == OpStatus.DUPLICATE);
                }
            }
            kill.get();
        }

        assertThat(victim.isAlive()).isFalse();
        assertThat(failedOver).as("pushes that failed over after the kill").isPositive();
        var log = readAll(survivor, space);
        assertThat(log).extracting(op -> op.op().opId()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent);
        try (var restarted = ServerProcess.start(db.jdbcUrl(), dir.resolve("victim"), "victim-restarted")) {
            assertThat(readAll(client(restarted), space)).as("the restarted node serves the same log")
                    .isEqualTo(log);
        }
        try (var conn = db.connect(); var st = conn.createStatement();
             var rs = st.executeQuery("SELECT count(*), count(DISTINCT op_id) FROM ops")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no op stored twice").isEqualTo(rs.getLong(2));
        }
    }

    @Test
    void replicasSyncingThroughDifferentNodesConverge() throws Exception {
        var aFile = dir.resolve("a.db");
        var bFile = dir.resolve("b.db");
        for (var file : List.of(aFile, bFile)) {
            try (var conn = DriverManager.getConnection("jdbc:sqlite:" + file); var st = conn.createStatement()) {
                st.execute("CREATE TABLE todos (id TEXT PRIMARY KEY, title TEXT, done INTEGER NOT NULL DEFAULT 0)");
            }
        }
        try (var a = engine(aFile, node1); var b = engine(bFile, node2);
             var appA = DriverManager.getConnection("jdbc:sqlite:" + aFile);
             var appB = DriverManager.getConnection("jdbc:sqlite:" + bFile)) {
            try (var st = appA.createStatement()) {
                for (int i = 0; i < 50; i++) {
                    st.execute("INSERT INTO todos (id, title) VALUES ('t" + i + "', 'from a " + i + "')");
                }
            }
            a.sync();
            b.sync();
            try (var st = appA.createStatement()) {
                st.execute("UPDATE todos SET title = 'renamed on a' WHERE id = 't1'");
            }
            try (var st = appB.createStatement()) {
                st.execute("UPDATE todos SET done = 1 WHERE id = 't1'");
                st.execute("DELETE FROM todos WHERE id = 't2'");
            }
            a.sync();
            b.sync();
            a.sync();

            assertThat(dump(appA)).isEqualTo(dump(appB)).hasSize(49)
                    .contains("t1|renamed on a|1").doesNotContain("t2|from a 2|0");
        }
        var log = readAll(client(node1), client(node1).account().defaultSpaceId());
        assertThat(log).extracting(op -> op.op().opId()).doesNotHaveDuplicates();
    }

    SyncEngine engine(Path file, ServerProcess node) {
        return SyncEngine.builder().database(file).schema(TODOS).client(client(node)).hostname(file.getFileName()
                .toString()).platform("test").build();
    }

    static List<String> dump(java.sql.Connection conn) throws Exception {
        var rows = new ArrayList<String>();
        try (var st = conn.createStatement();
             var rs = st.executeQuery("SELECT id, title, done FROM todos ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getInt(3));
            }
        }
        return rows;
    }
}
