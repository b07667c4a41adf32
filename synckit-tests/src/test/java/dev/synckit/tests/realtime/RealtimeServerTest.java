package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.OpResult;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.store.DeviceCursor;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import dev.synckit.testkit.TestServer;

/**
 * The server's realtime endpoint through real sockets: subscriptions, deltas of HTTP and WebSocket pushes, backlog
 * and catch-up, heartbeats and acks.
 */
class RealtimeServerTest {

    @TempDir
    Path dir;
    TestServer server;
    String key;
    SyncKitClient api;
    UUID space;
    UUID device;
    Ops ops;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"), b -> b.ackFlushInterval(Duration.ofMinutes(10))
                .defaultPullLimit(50));
        key = server.createUserWithKey("alice");
        api = SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build();
        space = api.account().defaultSpaceId();
        device = api.registerDevice("laptop", "test").deviceId();
        ops = new Ops(device);
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    WsProbe subscribed(long after) throws InterruptedException {
        var probe = WsProbe.open(server.uri(), key);
        probe.send(new ClientFrame.Subscribe(space, device, after));
        probe.next(ServerFrame.Subscribed.class);
        return probe;
    }

    static List<Long> seqs(List<ServerFrame> frames) {
        return frames.stream().filter(ServerFrame.Ops.class::isInstance).map(ServerFrame.Ops.class::cast)
                .flatMap(f -> f.ops().stream()).map(SequencedOp::seq).toList();
    }

    @Test
    void aSubscriberReceivesEveryOpPushedOverHttpInSeqOrderWithTheOpsThemselves() throws Exception {
        try (var probe = subscribed(0)) {
            var first = ops.titles("a", 3);
            api.push(space, device, first);
            api.push(space, device, ops.titles("b", 2));

            var frames = probe.until(f -> f instanceof ServerFrame.Ops o && o.lastSeq() == 5);

            assertThat(seqs(frames)).containsExactly(1L, 2L, 3L, 4L, 5L);
            var delivered = ((ServerFrame.Ops) frames.getFirst()).ops().getFirst().op();
            assertThat(delivered.opId()).isEqualTo(first.getFirst().opId());
            assertThat(delivered.fields()).isEqualTo(first.getFirst().fields());
        }
    }

    @Test
    void subscribingBehindTheHeadDeliversTheBacklogFirst() throws Exception {
        api.push(space, device, ops.titles("a", 4));

        try (var probe = WsProbe.open(server.uri(), key)) {
            probe.send(new ClientFrame.Subscribe(space, device, 1));

            assertThat(probe.next(ServerFrame.Subscribed.class).head()).isEqualTo(4);
            assertThat(seqs(List.of(probe.next()))).containsExactly(2L, 3L, 4L);
        }
    }

    @Test
    void aBacklogLargerThanOneFrameIsACatchUpAndTheStreamContinuesAfterIt() throws Exception {
        api.push(space, device, ops.titles("a", 120));

        try (var probe = WsProbe.open(server.uri(), key)) {
            probe.send(new ClientFrame.Subscribe(space, device, 0));
            probe.next(ServerFrame.Subscribed.class);

            assertThat(probe.next(ServerFrame.CatchUp.class).head()).isEqualTo(120);
            api.push(space, device, ops.titles("b", 1));
            assertThat(seqs(List.of(probe.next()))).containsExactly(121L);
        }
    }

    @Test
    void aBurstOfAFewFramesIsStreamedToEverySubscriberInOrder() throws Exception {
        try (var one = subscribed(0); var two = subscribed(0)) {
            api.push(space, device, ops.titles("a", 120));

            var expected = LongStream.rangeClosed(1, 120).boxed().toList();
            assertThat(streamed(one, 3)).isEqualTo(expected);
            assertThat(streamed(two, 3)).isEqualTo(expected);
        }
    }

    @Test
    void aBurstOfMoreThanTenFramesIsACatchUpForEverySubscriber() throws Exception {
        try (var one = subscribed(0); var two = subscribed(0)) {
            api.push(space, device, ops.titles("a", 501)); // frames hold 50 ops here

            assertThat(one.next(ServerFrame.CatchUp.class).head()).isEqualTo(501);
            assertThat(two.next(ServerFrame.CatchUp.class).head()).isEqualTo(501);
        }
    }

    /** The seqs of the next {@code frames} frames, which must all be {@code ops} frames. */
    private static List<Long> streamed(WsProbe probe, int frames) throws InterruptedException {
        var out = new ArrayList<ServerFrame>();
        for (int i = 0; i < frames; i++) {
            out.add(probe.next(ServerFrame.Ops.class));
        }
        return seqs(out);
    }

    @Test
    void aPushOverTheSocketAnswersPushResultIsIdempotentAndReachesOtherSockets() throws Exception {
        try (var pusher = WsProbe.open(server.uri(), key); var listener = subscribed(0)) {
            var batch = ops.titles("ws", 2);

            pusher.send(new ClientFrame.Push("req-1", space, device, batch));
            var result = pusher.next(ServerFrame.PushResult.class);
            pusher.send(new ClientFrame.Push("req-2", space, device, batch));
            var retry = pusher.next(ServerFrame.PushResult.class);

            assertThat(result.requestId()).isEqualTo("req-1");
            assertThat(result.results()).extracting(OpResult::status).containsOnly(OpStatus.APPLIED);
            assertThat(result.lastSeq()).isEqualTo(2);
            assertThat(retry.results()).extracting(OpResult::status).containsOnly(OpStatus.DUPLICATE);
            assertThat(seqs(listener.until(f -> f instanceof ServerFrame.Ops o && o.lastSeq() == 2)))
                    .containsExactly(1L, 2L);
            assertThat(api.pull(space, 0, 100).ops()).hasSize(2);
        }
    }

    @Test
    void aStoppingServerTellsEveryConnectionItIsGoingAwayBeforeCuttingIt() throws Exception {
        try (var first = subscribed(0); var second = WsProbe.open(server.uri(), key)) {
            second.send(new ClientFrame.Ping());
            second.next(ServerFrame.Pong.class);

            server.close();

            assertThat(first.closeCode()).as("a close frame, not a cut connection (-1 or 1006)").isEqualTo(1001);
            assertThat(second.closeCode()).isEqualTo(1001);
        }
    }

    @Test
    void aPingIsAnsweredWithAPong() throws Exception {
        try (var probe = WsProbe.open(server.uri(), key)) {
            probe.send(new ClientFrame.Ping());

            assertThat(probe.next()).isEqualTo(new ServerFrame.Pong());
        }
    }

    @Test
    void anAckIsStoredWhenTheConnectionClosesAndNeverMovesBack() throws Exception {
        api.push(space, device, ops.titles("a", 5));
        try (var probe = subscribed(5)) {
            probe.send(new ClientFrame.Ack(space, 4));
            probe.send(new ClientFrame.Ack(space, 2));
            probe.send(new ClientFrame.Ping());
            probe.next(ServerFrame.Pong.class);
        }

        try (var store = SqliteStore.open(dir.resolve("server").resolve("synckit.db"))) {
            Awaitility.await().atMost(WsProbe.WAIT).until(() -> !store.deviceCursors(space).isEmpty());
            assertThat(store.deviceCursors(space)).extracting(DeviceCursor::deviceId, DeviceCursor::seq)
                    .containsExactly(org.assertj.core.api.Assertions.tuple(device, 4L));
        }
    }
}
