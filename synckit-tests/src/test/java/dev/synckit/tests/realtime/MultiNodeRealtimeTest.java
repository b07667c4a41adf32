package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.testkit.PgDatabase;
import dev.synckit.testkit.TestServer;

/**
 * Two server nodes on one PostgreSQL database (DESIGN §6, multi-node): a device on node 1 and a device on node 2 of
 * the same user see each other's writes in realtime. The push commits on one node; PostgreSQL's NOTIFY wakes the
 * other node's listener, which reads the new ops once and streams them to its sockets.
 */
@Tag("postgres")
class MultiNodeRealtimeTest {

    static PgDatabase db;

    @TempDir
    Path dir;
    TestServer node1;
    TestServer node2;
    String key;

    @BeforeAll
    static void createDatabase() {
        db = PgDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void startNodes() {
        db.truncateAll();
        node1 = TestServer.startPostgres(dir.resolve("node1"), db.jdbcUrl());
        node2 = TestServer.startPostgres(dir.resolve("node2"), db.jdbcUrl());
        key = node1.createUserWithKey("alice");
    }

    @AfterEach
    void stopNodes() {
        try (var a = node1; var b = node2) {
            // closes both
        }
    }

    @Test
    void aWriteOnADeviceOfNodeOneReachesADeviceOfNodeTwoInRealtime() throws Exception {
        try (var a = LiveDevice.start(dir.resolve("a.db"), node1.uri(), key);
             var b = LiveDevice.start(dir.resolve("b.db"), node2.uri(), key)) {
            a.awaitConnected();
            b.awaitConnected();
            b.skipEvents();

            a.exec("INSERT INTO todos (id, title) VALUES ('r1', 'from node 1')");
            b.awaitRemote("r1");
            b.exec("UPDATE todos SET done = 1 WHERE id = 'r1'");
            a.awaitRemote("r1");

            assertThat(b.todos()).containsEntry("r1", "from node 1|1").isEqualTo(a.todos());
            assertThat(b.seen).as("B did not sync: the op came over node 2's socket")
                    .noneMatch(e -> e instanceof SyncEvent.SyncStarted);
        }
    }

    @Test
    void aSubscriberOnNodeTwoGetsEveryOpPushedThroughNodeOneInOrder() throws Exception {
        try (var api = SyncKitClient.builder().serverUrl(node1.uri()).apiKey(key).build();
             var probe = WsProbe.open(node2.uri(), key)) {
            var space = api.account().defaultSpaceId();
            var device = api.registerDevice("writer", "test").deviceId();
            var ops = new Ops(device);
            probe.send(new ClientFrame.Subscribe(space, device, 0));
            probe.next(ServerFrame.Subscribed.class);

            for (int i = 0; i < 10; i++) {
                api.push(space, device, ops.titles("p" + i, 3));
            }

            var frames = probe.until(f -> f instanceof ServerFrame.Ops o && o.lastSeq() == 30);
            assertThat(frames).allMatch(ServerFrame.Ops.class::isInstance);
            assertThat(frames.stream().map(ServerFrame.Ops.class::cast).flatMap(f -> f.ops().stream())
                    .map(SequencedOp::seq).toList()).isEqualTo(seqs(30));
        }
    }

    static List<Long> seqs(int n) {
        return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void aListenerWhoseConnectionDiesReconnectsAndDeliversWhatItMissed() throws Exception {
        try (var api = SyncKitClient.builder().serverUrl(node1.uri()).apiKey(key).build();
             var probe = WsProbe.open(node2.uri(), key)) {
            var space = api.account().defaultSpaceId();
            var device = api.registerDevice("writer", "test").deviceId();
            var ops = new Ops(device);
            probe.send(new ClientFrame.Subscribe(space, device, 0));
            probe.next(ServerFrame.Subscribed.class);
            api.push(space, device, ops.titles("before", 2));
            assertThat(probe.next(ServerFrame.Ops.class).lastSeq()).isEqualTo(2);

            try (var c = db.connect(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         + "WHERE application_name = 'synckit-server-listener' AND datname = current_database()")) {
                rs.next();
                assertThat(rs.getLong(1)).as("one listener per node").isEqualTo(2);
            }
            api.push(space, device, ops.titles("meanwhile", 3));

            var frames = probe.until(f -> f instanceof ServerFrame.Ops o && o.lastSeq() == 5);
            assertThat(frames.stream().map(ServerFrame.Ops.class::cast).flatMap(f -> f.ops().stream())
                    .map(SequencedOp::seq).toList()).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void notificationsOfOneSpaceReachOnlyItsSubscribers() throws Exception {
        var bobKey = node1.createUserWithKey("bob");
        try (var alice = SyncKitClient.builder().serverUrl(node1.uri()).apiKey(key).build();
             var bob = SyncKitClient.builder().serverUrl(node1.uri()).apiKey(bobKey).build();
             var aliceProbe = WsProbe.open(node2.uri(), key);
             var bobProbe = WsProbe.open(node2.uri(), bobKey)) {
            UUID aliceSpace = alice.account().defaultSpaceId();
            UUID bobSpace = bob.account().defaultSpaceId();
            var aliceDevice = alice.registerDevice("a", "test").deviceId();
            var bobDevice = bob.registerDevice("b", "test").deviceId();
            aliceProbe.send(new ClientFrame.Subscribe(aliceSpace, aliceDevice, 0));
            bobProbe.send(new ClientFrame.Subscribe(bobSpace, bobDevice, 0));
            aliceProbe.next(ServerFrame.Subscribed.class);
            bobProbe.next(ServerFrame.Subscribed.class);

            alice.push(aliceSpace, aliceDevice, new Ops(aliceDevice).titles("a", 2));
            bob.push(bobSpace, bobDevice, new Ops(bobDevice).titles("b", 1));

            assertThat(aliceProbe.next(ServerFrame.Ops.class).ops()).extracting(SequencedOp::seq)
                    .containsExactly(1L, 2L);
            assertThat(bobProbe.next(ServerFrame.Ops.class).ops()).extracting(SequencedOp::seq).containsExactly(1L);
            aliceProbe.send(new ClientFrame.Ping());
            assertThat(aliceProbe.next()).as("nothing of bob's space").isEqualTo(new ServerFrame.Pong());
        }
    }
}
