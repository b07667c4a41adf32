package dev.synckit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the benchmark workloads of {@code BENCHMARKS.md}; the entry point of {@code synckit bench}.
 *
 * {@snippet :
 * var result = Bench.run(W1Bootstrap.defaults(), BenchSettings.builder()
 *         .jsonFile(Path.of("bench.jsonl"))
 *         .progress(System.err::println)
 *         .build());
 * System.out.print(result.table());
 * }
 *
 * <p>Each run makes its own temporary directory, starts its own server JVM on a fresh store, and removes both when
 * it ends. The whole run has a hard time limit ({@link BenchSettings#timeLimit(Workload)}): when it runs out, the
 * server is killed, the run's loops stop, and {@link #run} throws.
 */
public final class Bench {

    private Bench() {
    }

    /**
     * Runs a workload, appends its JSON line to the settings' file (if any), and returns its result. Failed checks
     * do not throw; see {@link BenchResult#passed()}.
     *
     * @param workload the workload and its parameters
     * @param settings the store, JSON file, time limit and progress output
     * @return the figures and checks
     * @throws IllegalStateException if the run fails (server does not start, a request fails) or exceeds its time
     *                               limit
     * @throws UncheckedIOException if the run's directory or the JSON file cannot be written
     */
    public static BenchResult run(Workload workload, BenchSettings settings) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(settings, "settings");
        var dir = createRunDir(settings, workload);
        var ctx = new RunContext(workload, settings, dir);
        var limit = settings.timeLimit(workload);
        var executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "synckit-bench-" + workload.id()));
        try {
            var future = executor.submit(() -> runWorkload(workload, ctx));
            BenchResult result;
            try {
                result = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                ctx.abort();
                future.cancel(true);
                throw new IllegalStateException(workload.id() + " exceeded its time limit of " + limit.toSeconds()
                        + " s and was stopped", e);
            } catch (ExecutionException e) {
                ctx.abort();
                throw e.getCause() instanceof RuntimeException re ? re
                        : new IllegalStateException(workload.id() + " failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                ctx.abort();
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException(workload.id() + " was interrupted", e);
            }
            settings.jsonFile().ifPresent(file -> appendLine(file, result.jsonLine()));
            return result;
        } finally {
            executor.shutdownNow();
            awaitQuietly(executor);
            deleteQuietly(dir);
        }
    }

    private static BenchResult runWorkload(Workload workload, RunContext ctx) throws Exception {
        return switch (workload) {
            case W1Bootstrap w -> new W1Run(w, ctx).run();
            case W2RealtimeLatency w -> new W2Run(w, ctx).run();
            case W3ManyClients w -> new W3Run(w, ctx).run();
            case W4Convergence w -> new W4Run(w, ctx).run();
            case W5OfflineQueue w -> new W5Run(w, ctx).run();
            case W6ReconnectStorm w -> new W6Run(w, ctx).run();
        };
    }

    private static Path createRunDir(BenchSettings settings, Workload workload) {
        try {
            var parent = settings.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
            return Files.createTempDirectory(parent, "synckit-bench-" + workload.id() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run's directory", e);
        }
    }

    private static void appendLine(Path file, String line) {
        try {
            var parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private static void awaitQuietly(java.util.concurrent.ExecutorService executor) {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                System.getLogger(Bench.class.getName()).log(System.Logger.Level.WARNING,
                        "the benchmark thread did not stop within 30 s after the run ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            SqliteScratchStore.deleteTree(dir);
        } catch (UncheckedIOException e) {
            // a file still open by a thread that has not stopped: the directory stays in the temp folder
            System.getLogger(Bench.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove " + dir + ": " + e.getMessage());
        }
    }
}
