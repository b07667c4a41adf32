package dev.synckit.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.store.Principal;

class WsSessionTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final Principal alice = new Principal(UUID.randomUUID(), "alice", UUID.randomUUID(), "key_1");
    final RecordingSink sink = new RecordingSink();
    final WsSession session = new WsSession("s1", alice, new byte[32], sink, 4, 1_000_000, timer);

    @AfterEach
    void stop() {
        session.ended();
        timer.close();
    }

    @Test
    void framesAreSentOneAtATimeInOrder() {
        session.start();

        session.send(new ServerFrame.Pong());
        session.sendOps("{\"type\":\"ops\"}");

        await().atMost(WAIT).until(() -> sink.sent.size() == 2);
        assertThat(sink.sent.get(0)).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void aClientThatStopsReadingGetsItsDeltasReplacedByCatchUpThenIsClosedWith1008() {
        var space = UUID.randomUUID();
        var subscription = new Subscription(session, space, UUID.randomUUID(), 0);
        session.put(subscription);
        sink.stalled = true;
        session.start();

        for (int i = 1; i <= 4; i++) {
            subscription.advance(i);
            session.sendOps("ops " + i); // the first is in flight forever, three wait
        }
        await().atMost(WAIT).until(() -> sink.sent.size() == 1);
        assertThat(sink.closeCode).as("still open after the first overflow").isZero();
        for (int i = 5; i <= 12 && sink.closeCode == 0; i++) {
            subscription.advance(i);
            session.sendOps("ops " + i);
        }

        assertThat(sink.closeCode).isEqualTo(WsSession.POLICY_VIOLATION);
        assertThat(session.isClosed()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.disconnected);
    }

    @Test
    void anOverflowQueuesACatchUpAtTheSubscriptionsCursor() throws Exception {
        var space = UUID.randomUUID();
        var subscription = new Subscription(session, space, UUID.randomUUID(), 0);
        session.put(subscription);
        for (int i = 1; i <= 5; i++) {
            subscription.advance(i);
            session.sendOps("ops " + i); // not started: nothing is taken, the fifth overflows
        }

        session.start();

        await().atMost(WAIT).until(() -> sink.sent.size() == 1);
        assertThat(sink.frames()).containsExactly(new ServerFrame.CatchUp(space, 5));
    }
}
