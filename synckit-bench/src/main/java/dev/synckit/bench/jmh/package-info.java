/**
 * JMH micro-benchmarks: the protocol's JSON encoding and decoding ({@link dev.synckit.bench.jmh.ProtocolJsonBenchmark}),
 * the cost of the capture triggers on an app's insert ({@link dev.synckit.bench.jmh.TriggerCaptureBenchmark}) and
 * the pull and apply of one page ({@link dev.synckit.bench.jmh.PullApplyBenchmark}). Run them with
 * {@code synckit-bench/jmh.sh} (see {@code docs/benchmarks.md}).
 */
@NullMarked
package dev.synckit.bench.jmh;

import org.jspecify.annotations.NullMarked;
