/**
 * The benchmark workloads of {@code BENCHMARKS.md}, as a library the {@code synckit bench} command runs.
 *
 * <p>A {@link dev.synckit.bench.Workload} names a workload and its parameters ({@link dev.synckit.bench.W1Bootstrap},
 * {@link dev.synckit.bench.W2RealtimeLatency}, {@link dev.synckit.bench.W3ManyClients},
 * {@link dev.synckit.bench.W4Convergence}, {@link dev.synckit.bench.W5OfflineQueue},
 * {@link dev.synckit.bench.W6ReconnectStorm}); {@link dev.synckit.bench.Bench#run}
 * runs it under {@link dev.synckit.bench.BenchSettings} (store, JSON file, time limit) and returns a
 * {@link dev.synckit.bench.BenchResult}: the figures, the correctness checks, the machine and the date, printable as
 * a table and as one JSON line.
 *
 * <p>Every run starts its own server in a separate JVM ({@link dev.synckit.bench.BenchServerMain}) on a free
 * loopback port with a fresh store, so that the server's memory and CPU can be measured apart from the clients; the
 * devices are real SQLite files in a temporary directory, written with plain SQL like an app would. The realtime
 * workloads (W2, W5, W6) run their devices in child JVMs too ({@link dev.synckit.bench.DeviceHostMain}).
 *
 * <p>The micro-benchmarks in {@code dev.synckit.bench.jmh} are JMH benchmarks, run with {@code org.openjdk.jmh.Main}
 * (see {@code docs/benchmarks.md}).
 */
@NullMarked
package dev.synckit.bench;

import org.jspecify.annotations.NullMarked;
