package dev.synckit.client.internal.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.synckit.client.NetworkException;
import dev.synckit.protocol.ServerFrame;

/** The bookkeeping of pushes that wait for their answer on one socket. */
class PendingPushesTest {

    private final PendingPushes pushes = new PendingPushes();

    @Test
    void anAnsweredPushStopsWaiting() throws Exception {
        var answer = pushes.register("p1");
        assertThat(pushes.any()).isTrue();

        assertThat(pushes.answer(new ServerFrame.PushResult("p1", List.of(), 7))).isTrue();

        assertThat(pushes.any()).isFalse();
        assertThat(PendingPushes.await(answer, Duration.ofSeconds(1)).lastSeq()).isEqualTo(7);
    }

    @Test
    void aPushWhoseWaiterTimesOutStopsWaitingAndItsLateAnswerIsDropped() {
        var answer = pushes.register("p1");

        assertThatThrownBy(() -> PendingPushes.await(answer, Duration.ZERO)).isInstanceOf(TimeoutException.class);

        assertThat(pushes.any()).isFalse();
        assertThat(pushes.answer(new ServerFrame.PushResult("p1", List.of(), 7))).isTrue();
        assertThat(answer).isCancelled();
    }

    @Test
    void aPushWhoseWaiterIsInterruptedStopsWaiting() {
        var answer = pushes.register("p1");
        pushes.register("p2");

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> PendingPushes.await(answer, Duration.ofMinutes(1)))
                    .isInstanceOf(NetworkException.class);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }

        assertThat(pushes.any()).as("p2 still waits").isTrue();
        pushes.answer(new ServerFrame.PushResult("p2", List.of(), 8));
        assertThat(pushes.any()).isFalse();
    }

    @Test
    void whenTheSocketGoesEveryPushFailsAndSoDoesEveryLaterOne() throws Exception {
        var first = pushes.register("p1");

        pushes.socketGone("closed");
        var later = pushes.register("p2");

        assertThat(PendingPushes.await(first, Duration.ofSeconds(1))).isNull();
        assertThat(PendingPushes.await(later, Duration.ofSeconds(1))).isNull();
        assertThat(pushes.any()).isFalse();
    }
}
