package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSizesTest {

    @Test
    void aBacklogMovesInBulkUntilTheServerRefusesIt() {
        var sizes = new BatchSizes(500, 1000);

        assertThat(sizes.push(false)).isEqualTo(500);
        assertThat(sizes.push(true)).isEqualTo(BatchSizes.BULK);
        assertThat(sizes.pushRefused(500)).as("the configured size itself was refused: nothing to fall back to")
                .isFalse();
        assertThat(sizes.pushRefused(BatchSizes.BULK)).isTrue();
        assertThat(sizes.push(true)).isEqualTo(500);
        assertThat(sizes.pushRefused(BatchSizes.BULK)).as("refused once, remembered").isFalse();

        assertThat(sizes.pull(false)).isEqualTo(1000);
        assertThat(sizes.pull(true)).isEqualTo(BatchSizes.BULK);
        assertThat(sizes.pullRefused(BatchSizes.BULK)).isTrue();
        assertThat(sizes.pull(true)).isEqualTo(1000);
        assertThat(sizes.pullRefused(BatchSizes.BULK)).as("a download started before the first refusal").isTrue();
        assertThat(sizes.pullRefused(1000)).as("the configured size itself").isFalse();
    }

    @Test
    void configuredSizesAboveTheBulkSizeAreKept() {
        var sizes = new BatchSizes(5000, 5000);

        assertThat(sizes.push(true)).isEqualTo(5000);
        assertThat(sizes.pull(true)).isEqualTo(5000);
        assertThat(sizes.pushRefused(5000)).isFalse();
    }
}
