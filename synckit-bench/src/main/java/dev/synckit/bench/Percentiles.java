package dev.synckit.bench;

import java.util.Arrays;

/** Nearest-rank percentiles, as {@code BENCHMARKS.md} defines them: the smallest value with at least p% at or below. */
final class Percentiles {

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** Sorts a copy of the samples. */
    static Percentiles of(long[] samples) {
        var copy = samples.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    int count() {
        return sorted.length;
    }

    /**
     * Returns the nearest-rank percentile: the value at rank {@code ceil(p / 100 * n)} (1-based) of the sorted
     * samples.
     *
     * @param p the percentile, in {@code (0, 100]}
     * @return the value
     * @throws IllegalStateException if there are no samples
     */
    long nearestRank(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be within (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    long max() {
        return nearestRank(100);
    }

    double mean() {
        return sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
    }
}
