package dev.synckit.bench;

import java.time.Duration;
import java.util.Map;

/**
 * One workload of {@code BENCHMARKS.md} with its parameters. The implementations are records whose compact
 * constructors check the parameters; their {@code defaults()} factories give the values of {@code BENCHMARKS.md}.
 */
public sealed interface Workload permits W1Bootstrap, W2RealtimeLatency, W3ManyClients, W4Convergence,
        W5OfflineQueue, W6ReconnectStorm {

    /**
     * Returns the workload's short name as on the command line.
     *
     * @return for example {@code w1}
     */
    String id();

    /**
     * Returns the workload's title as in {@code BENCHMARKS.md}.
     *
     * @return for example {@code bootstrap}
     */
    String title();

    /**
     * Returns every parameter by its snake_case name, in the order of {@code BENCHMARKS.md}.
     *
     * @return an unmodifiable, ordered map
     */
    Map<String, Object> parameters();

    /**
     * Returns the hard time limit used when {@link BenchSettings} sets none.
     *
     * @return a positive duration
     */
    Duration defaultTimeLimit();
}
