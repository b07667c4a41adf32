package dev.synckit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankPicksTheSmallestValueWithAtLeastPPercentAtOrBelow() {
        var p = Percentiles.of(new long[] {15, 20, 35, 40, 50});

        assertThat(p.nearestRank(5)).isEqualTo(15);
        assertThat(p.nearestRank(30)).isEqualTo(20);
        assertThat(p.nearestRank(40)).isEqualTo(20);
        assertThat(p.nearestRank(50)).isEqualTo(35);
        assertThat(p.nearestRank(100)).isEqualTo(50);
        assertThat(p.max()).isEqualTo(50);
    }

    @Test
    void p99OfAHundredSamplesIsTheNinetyNinthSmallest() {
        var samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i;
        }

        assertThat(Percentiles.of(samples).nearestRank(99)).isEqualTo(99);
    }

    @Test
    void noSamplesHaveNoPercentile() {
        assertThatThrownBy(() -> Percentiles.of(new long[0]).nearestRank(50)).isInstanceOf(IllegalStateException.class);
    }
}
