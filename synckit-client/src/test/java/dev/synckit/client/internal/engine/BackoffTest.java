package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theDelayDoublesFromOneMinuteAndIsCappedAtFifteen() {
        var minutes = IntStream.rangeClosed(1, 8).mapToLong(n -> Backoff.delay(n).toMinutes()).toArray();

        assertThat(minutes).containsExactly(1, 2, 4, 8, 15, 15, 15, 15);
        assertThat(Backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theNextAttemptIsTheDelayAfterTheLastFailure() {
        var failure = Instant.parse("2026-01-01T10:00:00Z");

        assertThat(Backoff.nextAttempt(3, failure)).isEqualTo(Instant.parse("2026-01-01T10:04:00Z"));
    }

    @Test
    void thereIsNoDelayBeforeTheFirstFailure() {
        assertThatThrownBy(() -> Backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
