package dev.synckit.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutboxTest {

    private final List<String> catchUps = new ArrayList<>(List.of("catch_up A", "catch_up B"));
    private final Outbox outbox = new Outbox(4, 1_000, () -> catchUps);

    private List<String> takeAll() throws InterruptedException {
        var out = new ArrayList<String>();
        while (outbox.size() > 0) {
            out.add(outbox.take().text());
        }
        return out;
    }

    @Test
    void framesAreSentInTheOrderTheyWereQueued() throws Exception {
        outbox.offer("subscribed", Outbox.Kind.CONTROL);
        outbox.offer("ops 1", Outbox.Kind.OPS);
        outbox.offer("pong", Outbox.Kind.CONTROL);

        assertThat(takeAll()).containsExactly("subscribed", "ops 1", "pong");
    }

    @Test
    void anOverflowReplacesTheQueuedDeltasByCatchUpsAndKeepsTheOtherFrames() throws Exception {
        outbox.offer("ops 1", Outbox.Kind.OPS);
        outbox.offer("push_result", Outbox.Kind.CONTROL);
        outbox.offer("ops 2", Outbox.Kind.OPS);
        outbox.offer("ops 3", Outbox.Kind.OPS);

        boolean kept = outbox.offer("ops 4", Outbox.Kind.OPS);

        assertThat(kept).isTrue();
        assertThat(takeAll()).containsExactly("push_result", "catch_up A", "catch_up B");
    }

    @Test
    void aFrameThatIsNotADeltaIsStillQueuedAfterTheOverflow() throws Exception {
        for (int i = 0; i < 4; i++) {
            outbox.offer("ops " + i, Outbox.Kind.OPS);
        }

        assertThat(outbox.offer("pong", Outbox.Kind.CONTROL)).isTrue();

        assertThat(takeAll()).containsExactly("catch_up A", "catch_up B", "pong");
    }

    @Test
    void aSecondOverflowBeforeTheCatchUpsWereSentAsksToCloseTheConnection() {
        for (int i = 0; i < 4; i++) {
            outbox.offer("ops " + i, Outbox.Kind.OPS);
        }
        outbox.offer("ops 4", Outbox.Kind.OPS);
        outbox.offer("ops 5", Outbox.Kind.OPS);
        outbox.offer("ops 6", Outbox.Kind.OPS);

        assertThat(outbox.offer("ops 7", Outbox.Kind.OPS)).isFalse();
    }

    @Test
    void onceTheCatchUpsAreSentAnOverflowIsHandledTheSameWayAgain() throws Exception {
        for (int i = 0; i < 5; i++) {
            outbox.offer("ops " + i, Outbox.Kind.OPS);
        }
        takeAll();

        for (int i = 0; i < 5; i++) {
            assertThat(outbox.offer("ops " + i, Outbox.Kind.OPS)).isTrue();
        }

        assertThat(takeAll()).containsExactly("catch_up A", "catch_up B");
    }

    @Test
    void theCharacterBudgetCountsLikeTheFrameCountButAFrameAlwaysFitsAnEmptyQueue() throws Exception {
        assertThat(outbox.offer("x".repeat(5_000), Outbox.Kind.OPS)).isTrue();
        assertThat(outbox.offer("ops 2", Outbox.Kind.OPS)).isTrue();

        assertThat(takeAll()).containsExactly("catch_up A", "catch_up B");
    }

    @Test
    void aClosedOutboxDropsEverythingAndEndsTheSender() throws Exception {
        outbox.offer("ops 1", Outbox.Kind.OPS);

        outbox.close();

        assertThat(outbox.offer("ops 2", Outbox.Kind.OPS)).isTrue();
        assertThat(outbox.take()).isNull();
    }
}
