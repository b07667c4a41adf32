package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.testkit.TestServer;

/**
 * A client that subscribes and then stops reading (a tiny TCP receive window, nothing read): the server's writes to
 * it back up, its bounded queue overflows, it gets {@code catch_up} instead of its queued deltas and is finally
 * closed, while pushes keep completing and another socket keeps receiving every op in order.
 */
class SlowConsumerTest {

    static final int PUSHES = 80;
    static final int OP_CHARS = 100_000;

    @TempDir
    Path dir;
    TestServer server;
    String key;
    SyncKitClient api;
    UUID space;
    UUID device;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"), b -> b.realtimeQueueFrames(8)
                .realtimeQueueBytes(1024 * 1024));
        key = server.createUserWithKey("alice");
        api = SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build();
        space = api.account().defaultSpaceId();
        device = api.registerDevice("laptop", "test").deviceId();
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    @Test
    void aClientThatDoesNotReadGetsCatchUpOrIsClosedAndBlocksNeitherPushesNorOtherSockets() throws Exception {
        var ops = new Ops(device);
        try (var slow = RawSocket.connect(server.uri(), key, 1024); var fast = WsProbe.open(server.uri(), key)) {
            slow.sendText(ProtocolJson.mapper().writeValueAsString(new ClientFrame.Subscribe(space, device, 0)));
            assertThat(slow.read(WsProbe.WAIT).text()).contains("\"subscribed\"");
            fast.send(new ClientFrame.Subscribe(space, device, 0));
            fast.next(ServerFrame.Subscribed.class);

            var pushTimes = new ArrayList<Long>();
            for (int i = 0; i < PUSHES; i++) {
                long start = System.nanoTime();
                api.push(space, device, List.of(ops.title("big-" + i, "x".repeat(OP_CHARS))));
                pushTimes.add((System.nanoTime() - start) / 1_000_000);
            }
            var received = fast.until(f -> f instanceof ServerFrame.Ops o && o.lastSeq() == PUSHES);

            assertThat(received.stream().map(ServerFrame.Ops.class::cast).flatMap(f -> f.ops().stream())
                    .map(SequencedOp::seq).toList()).as("the reading socket got every op, in order")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, PUSHES).boxed().toList());
            assertThat(pushTimes).as("no push waited for the slow socket (ms)")
                    .allMatch(ms -> ms < Duration.ofSeconds(10).toMillis());
            var outcome = slowSocketOutcome(slow);
            assertThat(outcome.ending()).as("what the slow socket got instead of every delta: %s", outcome)
                    .isIn("catch_up", "close 1008", "dropped");
            assertThat(outcome.opsSeen()).as("deltas it got before that").isLessThan(PUSHES);
        }
    }

    /** How the slow socket's stream ended, and how many ops it had got before. */
    record Outcome(String ending, long opsSeen) {
    }

    /**
     * Reads what the slow socket was sent, now that the test reads it: deltas, then a catch_up frame, a 1008 close,
     * or the end of the connection (the server dropped it when even the close could not be written).
     */
    static Outcome slowSocketOutcome(RawSocket slow) throws Exception {
        long opsSeen = 0;
        while (true) {
            var m = slow.read(WsProbe.WAIT);
            if (m.opcode() == RawSocket.CLOSE) {
                return new Outcome("close " + m.closeCode(), opsSeen);
            }
            if (m.opcode() == -1) {
                return new Outcome("dropped", opsSeen);
            }
            var frame = ProtocolJson.mapper().readValue(m.text(), ServerFrame.class);
            if (frame instanceof ServerFrame.CatchUp) {
                return new Outcome("catch_up", opsSeen);
            }
            opsSeen += frame instanceof ServerFrame.Ops o ? o.ops().size() : 0;
        }
    }
}
