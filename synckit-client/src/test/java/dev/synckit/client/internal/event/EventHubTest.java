package dev.synckit.client.internal.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.synckit.client.EventSubscription;
import dev.synckit.client.SyncEvent;

class EventHubTest {

    private final EventHub hub = new EventHub();

    private static SyncEvent started(int second) {
        return new SyncEvent.SyncStarted(Instant.EPOCH.plusSeconds(second));
    }

    private static ArrayList<SyncEvent> drain(EventSubscription s) {
        var out = new ArrayList<SyncEvent>();
        for (var e = s.poll(); e.isPresent(); e = s.poll()) {
            out.add(e.get());
        }
        return out;
    }

    @Test
    void everySubscriberReceivesEveryEventInOrder() {
        var a = hub.subscribe(16);
        var b = hub.subscribe(16);

        hub.publish(started(1));
        hub.publish(started(2));

        assertThat(drain(a)).containsExactly(started(1), started(2));
        assertThat(drain(b)).containsExactly(started(1), started(2));
    }

    @Test
    void aFullQueueIsReplacedByOneOverflowEventThatCountsEveryDroppedEvent() {
        var slow = hub.subscribe(4);

        for (int i = 1; i <= 20; i++) {
            hub.publish(started(i));
        }

        // Overflows at events 5, 9, 13 and 17, each time discarding the queue and the event that did not fit;
        // events 18 to 20 follow the one overflow marker, which stays at the head.
        assertThat(drain(slow)).containsExactly(new SyncEvent.EventsOverflowed(17), started(18), started(19),
                started(20));
    }

    @Test
    void aSubscriberThatNeverReadsNeitherBlocksThePublisherNorHoldsMoreThanItsCapacity() {
        var stuck = hub.subscribe(1);
        var reader = hub.subscribe(EventHub.DEFAULT_CAPACITY);

        for (int i = 0; i < 100_000; i++) {
            hub.publish(started(i));
        }

        assertThat(drain(stuck)).containsExactly(new SyncEvent.EventsOverflowed(100_000));
        var received = drain(reader);
        assertThat(received).hasSizeLessThanOrEqualTo(EventHub.DEFAULT_CAPACITY).first()
                .isInstanceOfSatisfying(SyncEvent.EventsOverflowed.class, o -> assertThat(o.dropped())
                        .as("every event is either delivered or counted as dropped")
                        .isEqualTo(100_000 - (received.size() - 1)));
        assertThat(received.getLast()).isEqualTo(started(99_999));
    }

    @Test
    void afterReadingTheOverflowMarkerLaterEventsArriveNormally() {
        var s = hub.subscribe(2);
        hub.publish(started(1));
        hub.publish(started(2));
        hub.publish(started(3));

        var first = s.poll();
        hub.publish(started(4));
        hub.publish(started(5));

        assertThat(first).contains(new SyncEvent.EventsOverflowed(3));
        assertThat(drain(s)).containsExactly(started(4), started(5));
    }

    @Test
    void pollWithATimeoutReturnsEmptyWhenNothingArrives() throws Exception {
        var s = hub.subscribe(4);

        assertThat(s.poll(Duration.ZERO)).isEmpty();
        assertThat(s.poll(Duration.ofMillis(1))).isEmpty();
        assertThat(s.poll(Duration.ofMillis(-5))).isEmpty();
        hub.publish(started(1));
        assertThat(s.poll(Duration.ofDays(365_000_000))).contains(started(1));
    }

    @Test
    void closingLeavesQueuedEventsReadableThenTakeFails() throws Exception {
        var s = hub.subscribe(4);
        hub.publish(started(1));

        s.close();
        hub.publish(started(2));

        assertThat(s.isClosed()).isTrue();
        assertThat(s.take()).isEqualTo(started(1));
        assertThatThrownBy(s::take).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(s.poll(Duration.ofDays(1))).as("closed and drained: no waiting").isEmpty();
        assertThat(hub.hasSubscribers()).isFalse();
    }

    @Test
    void closingWakesUpAThreadWaitingInTake() throws Exception {
        var s = hub.subscribe(4);
        try (var executor = Executors.newSingleThreadExecutor()) {
            var taker = new Thread[1];
            var waiting = executor.submit(() -> {
                taker[0] = Thread.currentThread();
                return s.take();
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> taker[0] != null && taker[0].getState() == Thread.State.WAITING);

            s.close();

            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aClosedHubClosesItsSubscriptionsAndRefusesNewOnes() {
        var s = hub.subscribe(4);

        hub.close();

        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> hub.subscribe(4)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCapacityMustBePositiveAndBounded() {
        assertThatThrownBy(() -> hub.subscribe(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.subscribe(EventHub.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(hub.subscribe(EventHub.MAX_CAPACITY).capacity()).isEqualTo(EventHub.MAX_CAPACITY);
    }
}
