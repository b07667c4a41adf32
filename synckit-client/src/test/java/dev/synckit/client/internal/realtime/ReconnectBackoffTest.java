package dev.synckit.client.internal.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void theWaitDoublesFromTheMinimumUpToTheCap() {
        assertThat(backoff.delay(1, bound -> bound - 1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(2, bound -> bound - 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(3, bound -> bound - 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(7, bound -> bound - 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1_000, bound -> bound - 1)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterKeepsAtLeastHalfOfTheWait() {
        assertThat(backoff.delay(1, bound -> 0)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(7, bound -> 0)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aNonPositiveAttemptCountsAsTheFirst() {
        assertThat(backoff.delay(0, bound -> bound - 1)).isEqualTo(Duration.ofMillis(500));
    }
}
