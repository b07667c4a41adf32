package dev.synckit.client.internal.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.synckit.client.ConflictException;
import dev.synckit.client.internal.transport.PushBody;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.client.internal.transport.StreamedOps;
import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpResult;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.PushResponse;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.protocol.ServerFrame;
import tools.jackson.databind.node.StringNode;

/**
 * The worker's protocol logic against a scripted socket and engine: catch up then subscribe, apply and ack
 * contiguous ops, pull on a gap or {@code catch_up}, reconnect after a close or a silent server, stop cleanly.
 */
class RealtimeWorkerTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final UUID SPACE = UUID.randomUUID();
    static final UUID DEVICE = UUID.randomUUID();
    static final RealtimeSettings QUICK = new RealtimeSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofSeconds(30));

    final FakeConnector connector = new FakeConnector();
    final FakeEngine engine = new FakeEngine();
    RealtimeWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    RealtimeWorker start(RealtimeSettings settings) {
        worker = new RealtimeWorker("test.db", connector, engine, settings, bound -> 0);
        worker.start();
        return worker;
    }

    /** Starts the worker and brings its first socket to "subscribed". */
    FakeLink subscribed() {
        start(QUICK);
        var link = connector.awaitLink(1);
        link.awaitSent(ClientFrame.Subscribe.class, 1);
        link.receive(new ServerFrame.Subscribed(SPACE, engine.cursor.get()));
        await().atMost(WAIT).until(worker::connected);
        return link;
    }

    @Test
    void itCatchesUpOverHttpBeforeSubscribingWithTheCursorThenAcksIt() {
        engine.cursor.set(7);

        var link = subscribed();

        assertThat(engine.catchUps).hasValue(1);
        assertThat(link.sent.getFirst()).isEqualTo(new ClientFrame.Subscribe(SPACE, DEVICE, 7));
        link.awaitSent(ClientFrame.Ack.class, 1);
        assertThat(link.sent).contains(new ClientFrame.Ack(SPACE, 7));
        assertThat(engine.connected).containsExactly(true);
    }

    @Test
    void contiguousOpsAreAppliedAndAckedAndTheNextFrameIsRequested() {
        var link = subscribed();
        int requests = link.requests.get();

        link.stream(StreamPlanTest.seqs(1, 2, 3));

        link.awaitSent(ClientFrame.Ack.class, 2);
        assertThat(engine.applied).containsExactly(1L, 2L, 3L);
        assertThat(link.sent).contains(new ClientFrame.Ack(SPACE, 3));
        await().atMost(WAIT).until(() -> link.requests.get() > requests);
        assertThat(engine.catchUps).hasValue(1);
    }

    @Test
    void aGapIsClosedByAnHttpCatchUpAndNothingOfTheFrameIsApplied() {
        var link = subscribed();
        engine.afterCatchUp = 9;

        link.stream(StreamPlanTest.seqs(5, 6));

        await().atMost(WAIT).until(() -> engine.catchUps.get() == 2);
        link.awaitSent(ClientFrame.Ack.class, 2);
        assertThat(engine.applied).isEmpty();
        assertThat(link.sent).contains(new ClientFrame.Ack(SPACE, 9));
    }

    @Test
    void anOpsFrameDeliveredAsARecordIsPulledNotApplied() {
        var link = subscribed();
        var op = new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT, Map.of("title", StringNode.valueOf("t")),
                new Hlc(1_700_000_000_000L, 0), DEVICE, 1);

        link.receive(new ServerFrame.Ops(SPACE, List.of(new SequencedOp(1, op))));

        await().atMost(WAIT).until(() -> engine.catchUps.get() == 2);
        assertThat(engine.applied).isEmpty();
    }

    @Test
    void aCatchUpFrameRunsAnHttpCatchUp() {
        var link = subscribed();

        link.receive(new ServerFrame.CatchUp(SPACE, 40));

        await().atMost(WAIT).until(() -> engine.catchUps.get() == 2);
    }

    @Test
    void afterTheServerClosesTheSocketItReconnectsAndCatchesUpBeforeSubscribingAgain() {
        var first = subscribed();

        first.events.accept(new SocketEvent.Closed(1001, "going away"));

        var second = connector.awaitLink(2);
        second.awaitSent(ClientFrame.Subscribe.class, 1);
        assertThat(engine.catchUps).hasValue(2);
        assertThat(first.aborted).isTrue();
        assertThat(engine.connected).startsWith(true, false);
        second.receive(new ServerFrame.Subscribed(SPACE, 0));
        await().atMost(WAIT).until(worker::connected);
    }

    @Test
    void eventsOfAnEarlierSocketAreIgnored() {
        var first = subscribed();
        first.events.accept(new SocketEvent.Failed(new java.io.IOException("reset")));
        var second = connector.awaitLink(2);
        second.awaitSent(ClientFrame.Subscribe.class, 1);

        first.stream(StreamPlanTest.seqs(1));
        second.receive(new ServerFrame.Subscribed(SPACE, 0));

        await().atMost(WAIT).until(worker::connected);
        assertThat(engine.applied).isEmpty();
    }

    @Test
    void aSilentServerGetsAPingAndTheSocketIsDroppedWhenNothingAnswers() {
        start(new RealtimeSettings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(1),
                Duration.ofMillis(5), Duration.ofSeconds(10), Duration.ofSeconds(30)));
        var link = connector.awaitLink(1);

        link.awaitSent(ClientFrame.Ping.class, 1);

        connector.awaitLink(2);
        assertThat(link.aborted).isTrue();
    }

    @Test
    void aRefusedSubscriptionIsRetriedWithBackoff() {
        start(QUICK);
        var first = connector.awaitLink(1);
        first.awaitSent(ClientFrame.Subscribe.class, 1);

        first.receive(new ServerFrame.Error(null, SPACE, ErrorCode.FORBIDDEN, "no", Map.of()));

        connector.awaitLink(2);
        assertThat(worker.connected()).isFalse();
    }

    @Test
    void connectFailuresAreRetriedAndAClientWithoutRealtimeEndsTheWorker() {
        connector.failures.set(3);
        start(QUICK);
        connector.awaitLink(1);
        assertThat(connector.attempts).hasValue(4);

        worker.close();
        var plain = new FakeConnector();
        plain.unsupported = true;
        worker = new RealtimeWorker("plain.db", plain, engine, QUICK, bound -> 0);
        worker.start();

        await().atMost(WAIT).until(() -> plain.attempts.get() == 1);
        assertThat(plain.links).isEmpty();
    }

    @Test
    void closeDropsTheSocketAndStopsReconnecting() {
        var link = subscribed();

        worker.close();

        assertThat(link.aborted).isTrue();
        assertThat(worker.connected()).isFalse();
        assertThat(connector.attempts).hasValue(1);
    }

    static final byte[] BODY = ("{\"device_id\":\"" + DEVICE + "\",\"ops\":[{\"op_id\":\"" + UUID.randomUUID()
            + "\",\"table\":\"todos\",\"row_id\":\"r1\",\"kind\":\"delete\",\"fields\":{},\"hlc\":\""
            + new Hlc(1_700_000_000_000L, 0).encode() + "\",\"device_id\":\"" + DEVICE + "\",\"schema_version\":1}]}")
            .getBytes(StandardCharsets.UTF_8);

    static PushBody body() {
        var request = ProtocolJson.mapper().readValue(BODY, PushRequest.class);
        return new PushBody(BODY, request.ops().stream().map(Op::opId).toList());
    }

    CompletableFuture<PushResponse> pushInBackground() {
        return CompletableFuture.supplyAsync(() -> worker.push(SPACE, body()));
    }

    @Test
    void aPushGoesOutAsAPushFrameOfTheSameBodyAndItsAnswerIsReturned() throws Exception {
        var link = subscribed();

        var answer = pushInBackground();
        var frame = ProtocolJson.mapper().readValue(link.awaitPushed(1), ClientFrame.class);

        assertThat(frame).isInstanceOfSatisfying(ClientFrame.Push.class, push -> {
            assertThat(push.spaceId()).isEqualTo(SPACE);
            assertThat(push.toPushRequest()).isEqualTo(ProtocolJson.mapper().readValue(BODY, PushRequest.class));
        });
        var requestId = ((ClientFrame.Push) frame).requestId();
        var opId = body().opIds().getFirst();
        link.answer(new ServerFrame.PushResult(requestId, List.of(new OpResult(opId, OpStatus.APPLIED, 8L, null)), 8));
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(
                new PushResponse(List.of(new OpResult(opId, OpStatus.APPLIED, 8L, null)), 8));
    }

    @Test
    void withoutASubscribedSocketForTheSpaceThePushIsLeftToHttp() {
        start(QUICK);
        assertThat(worker.push(SPACE, body())).as("not subscribed yet").isNull();

        var link = connector.awaitLink(1);
        link.awaitSent(ClientFrame.Subscribe.class, 1);
        link.receive(new ServerFrame.Subscribed(SPACE, 0));
        await().atMost(WAIT).until(worker::connected);
        assertThat(worker.push(UUID.randomUUID(), body())).as("another space").isNull();
        assertThat(link.pushed).isEmpty();
    }

    @Test
    void aSocketLostBeforeTheAnswerLeavesThePushToHttp() throws Exception {
        var link = subscribed();

        var answer = pushInBackground();
        link.awaitPushed(1);
        link.events.accept(new SocketEvent.Closed(1001, "stopping"));

        assertThat(answer.get(10, TimeUnit.SECONDS)).isNull();
        connector.awaitLink(2);
    }

    @Test
    void aRefusedPushThrowsWhatTheHttpPushWouldThrow() throws Exception {
        var link = subscribed();

        var answer = pushInBackground();
        var requestId = ((ClientFrame.Push) ProtocolJson.mapper().readValue(link.awaitPushed(1), ClientFrame.class))
                .requestId();
        var max = new Hlc(1_800_000_000_000L, 3);
        link.answer(new ServerFrame.Error(requestId, SPACE, ErrorCode.HLC_REGRESSION, "behind",
                Map.of("max_hlc", max.encode())));

        assertThat(answer).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).contains(ErrorCode.HLC_REGRESSION);
                    assertThat(e.maxHlc()).contains(max);
                });
        assertThat(worker.connected()).as("a refusal leaves the socket open").isTrue();
    }

    @Test
    void aPushWithoutAnAnswerInTimeIsLeftToHttpAndTheSocketIsReopened() throws Exception {
        start(new RealtimeSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(1),
                Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofMillis(50)));
        var link = connector.awaitLink(1);
        link.awaitSent(ClientFrame.Subscribe.class, 1);
        link.receive(new ServerFrame.Subscribed(SPACE, 0));
        await().atMost(WAIT).until(worker::connected);

        assertThat(worker.push(SPACE, body())).isNull();

        connector.awaitLink(2);
        assertThat(link.aborted).isTrue();
    }

    @Test
    void aPushBodyIsNeverSentOverTheSocketWhenItIsNotAJsonObject() {
        assertThatThrownBy(() -> PendingPushes.frame("p", SPACE, "[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Opens scripted links; fails the first {@link #failures} attempts. */
    static final class FakeConnector implements Connector {
        final List<FakeLink> links = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        volatile boolean unsupported;

        @Override
        public Link open(Consumer<SocketEvent> events) throws Exception {
            attempts.incrementAndGet();
            if (unsupported) {
                throw new UnsupportedOperationException("no realtime");
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new java.net.ConnectException("refused");
            }
            var link = new FakeLink(events);
            links.add(link);
            return link;
        }

        FakeLink awaitLink(int n) {
            await().atMost(WAIT).until(() -> links.size() >= n);
            return links.get(n - 1);
        }
    }

    /** Records what the worker sends; the test plays the server through {@link #events}. */
    static final class FakeLink implements Link {
        final Consumer<SocketEvent> events;
        final List<ClientFrame> sent = new CopyOnWriteArrayList<>();
        final List<String> pushed = new CopyOnWriteArrayList<>();
        final PendingPushes pushes = new PendingPushes();
        final AtomicInteger requests = new AtomicInteger();
        volatile boolean aborted;

        FakeLink(Consumer<SocketEvent> events) {
            this.events = events;
        }

        void receive(ServerFrame frame) {
            events.accept(new SocketEvent.Received(frame, false));
        }

        void stream(RemotePage ops) {
            events.accept(new SocketEvent.Streamed(new StreamedOps(SPACE, ops), false));
        }

        /** Answers a push as the connector does: straight to the pushing thread, not through the worker. */
        void answer(ServerFrame frame) {
            assertThat(pushes.answer(frame)).isTrue();
        }

        String awaitPushed(int n) {
            await().atMost(WAIT).until(() -> pushed.size() >= n);
            return pushed.get(n - 1);
        }

        void awaitSent(Class<? extends ClientFrame> type, int n) {
            await().atMost(WAIT).until(() -> sent.stream().filter(type::isInstance).count() >= n);
        }

        @Override
        public void send(ClientFrame frame) {
            sent.add(frame);
        }

        @Override
        public CompletableFuture<ServerFrame> push(String requestId, String frame) {
            var answer = pushes.register(requestId);
            pushed.add(frame);
            return answer;
        }

        @Override
        public void request() {
            requests.incrementAndGet();
        }

        @Override
        public void abort() {
            aborted = true;
            pushes.socketGone("aborted");
        }
    }

    /** An engine with a cursor: applies what {@link StreamPlan} allows, counts catch-ups. */
    static final class FakeEngine implements RealtimeTarget {
        final AtomicLong cursor = new AtomicLong();
        final AtomicInteger catchUps = new AtomicInteger();
        final List<Long> applied = new CopyOnWriteArrayList<>();
        final List<Boolean> connected = new CopyOnWriteArrayList<>();
        volatile long afterCatchUp = -1;

        @Override
        public Position catchUp() {
            catchUps.incrementAndGet();
            if (afterCatchUp >= 0) {
                cursor.set(afterCatchUp);
            }
            return new Position(SPACE, DEVICE, cursor.get());
        }

        @Override
        public StreamPlan apply(UUID spaceId, RemotePage ops) {
            var plan = StreamPlan.of(cursor.get(), ops);
            if (plan instanceof StreamPlan.Apply a) {
                a.page().ops().forEach(op -> applied.add(op.seq()));
                cursor.set(a.lastSeq());
            }
            return plan;
        }

        @Override
        public void connectionChanged(boolean now) {
            connected.add(now);
        }
    }
}
