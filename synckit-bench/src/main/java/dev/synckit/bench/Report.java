package dev.synckit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

import org.jspecify.annotations.Nullable;

/** Collects a run's figures and checks as a workload measures them, and builds the {@link BenchResult}. */
final class Report {

    private final List<Figure> figures = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    /** Adds a figure without a target. */
    Report figure(String key, String label, @Nullable Object value, String unit) {
        figures.add(new Figure(key, label, value, unit, null, null));
        return this;
    }

    /** Adds a numeric figure with a target; {@code meets} decides whether the value meets it. */
    Report figure(String key, String label, @Nullable Number value, String unit, String target, DoublePredicate meets) {
        figures.add(new Figure(key, label, value, unit, target, value != null && meets.test(value.doubleValue())));
        return this;
    }

    /** Adds a check. */
    Report check(String name, boolean passed, String detail) {
        checks.add(new Check(name, passed, detail));
        return this;
    }

    /** Adds the machine's load before and after the run (the machine may be shared) and builds the result. */
    BenchResult build(Workload workload, RunContext ctx) {
        figure("load_avg_1m_before", "machine load average before (1 min)", ctx.loadBefore().orElse(null), "");
        figure("load_avg_1m_after", "machine load average after (1 min)", Machine.loadAverage().orElse(null), "");
        return new BenchResult(workload, ctx.settings().store(), ctx.startedAt(), ctx.elapsed(), Machine.current(),
                figures, checks, ServerJvmOptions.with(ctx.settings().serverJvmOptions()), ctx.settings().timeLimit(workload));
    }

    /** Seconds from nanoseconds, for the figures. */
    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Milliseconds from nanoseconds, for the figures. */
    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** CPU seconds between two readings, or null when the system does not report CPU time. */
    static @Nullable Double cpuSeconds(Optional<Duration> from, Optional<Duration> to) {
        if (from.isEmpty() || to.isEmpty()) {
            return null;
        }
        return to.get().minus(from.get()).toNanos() / 1e9;
    }

    /** Rows per second; 0 for an empty interval. */
    static double rate(long rows, long nanos) {
        return nanos <= 0 ? 0 : rows * 1e9 / nanos;
    }
}
