package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PollCadenceTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    final PollCadence cadence = new PollCadence(Duration.ofMillis(250));

    @Test
    void theConfiguredIntervalAppliesWhenNothingElseDoes() {
        assertThat(cadence.interval(T)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void whileTheSocketIsUpWithoutAWatchPollsAreFrequent() {
        cadence.realtime(true);

        assertThat(cadence.interval(T)).isEqualTo(PollCadence.REALTIME_INTERVAL);
    }

    @Test
    void whileTheSocketIsUpWithAWatchTheConfiguredIntervalIsOnlyTheFallback() {
        cadence.realtime(true);
        cadence.watched(true);

        assertThat(cadence.interval(T)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aHintStartsABurstOfQuickPollsThatEnds() {
        cadence.watched(true);
        cadence.hint(T);

        assertThat(cadence.interval(T)).isEqualTo(Duration.ofMillis(PollCadence.BURST_MILLIS));
        assertThat(cadence.interval(T.plusMillis(PollCadence.BURST_LENGTH_MILLIS - 1)))
                .isEqualTo(Duration.ofMillis(PollCadence.BURST_MILLIS));
        assertThat(cadence.interval(T.plusMillis(PollCadence.BURST_LENGTH_MILLIS)))
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aShortConfiguredIntervalIsNotLengthenedBySocketMode() {
        var quick = new PollCadence(Duration.ofMillis(5));
        quick.realtime(true);

        assertThat(quick.interval(T)).isEqualTo(Duration.ofMillis(5));
    }
}
