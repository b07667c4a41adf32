package dev.synckit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.synckit.bench.Bench;
import dev.synckit.bench.BenchSettings;
import dev.synckit.bench.StoreKind;
import dev.synckit.bench.W1Bootstrap;
import dev.synckit.bench.W2RealtimeLatency;
import dev.synckit.bench.W3ManyClients;
import dev.synckit.bench.W4Convergence;
import dev.synckit.bench.W5OfflineQueue;
import dev.synckit.bench.W6ReconnectStorm;
import dev.synckit.bench.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code synckit bench w1|w2|w3|w4|w5|w6 …}: the benchmark workloads of {@code BENCHMARKS.md}, each on its own
 * server process with a fresh store. Prints a table on standard output and progress on standard error;
 * {@code --json FILE} appends one JSON line per run. Exit codes: 0 every check passed, 1 the run failed, 2 usage
 * error, 3 a check failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark workload of BENCHMARKS.md (server in its own process, fresh store).",
        subcommands = {BenchCommand.W1.class, BenchCommand.W2.class, BenchCommand.W3.class, BenchCommand.W4.class,
            BenchCommand.W5.class, BenchCommand.W6.class})
final class BenchCommand {

    /** Exit code of a run whose figures were measured but a correctness check failed. */
    static final int CHECK_FAILED = 3;

    /** The options of every workload. */
    static final class RunOptions {

        @Option(names = "--store", defaultValue = "sqlite", paramLabel = "sqlite|postgres",
                description = "Server store: the embedded SQLite store (fresh directory) or PostgreSQL (fresh database,"
                        + " created and dropped). Default: ${DEFAULT-VALUE}.")
        String store;

        @Option(names = "--json", paramLabel = "FILE", description = "Append one JSON line with every parameter and "
                + "figure, the machine and the date to FILE.")
        Path json;

        @Option(names = "--time-limit-s", paramLabel = "SECONDS",
                description = "Hard time limit of the whole run (default: per workload; W3 allows DURATION_S + 300).")
        Integer timeLimitS;

        // Never ${DEFAULT-VALUE}: a URL may hold a password.
        @Option(names = "--pg-url", paramLabel = "JDBC-URL", defaultValue = "${env:SYNCKIT_BENCH_PG_URL}",
                description = "PostgreSQL maintenance database for --store postgres (env SYNCKIT_BENCH_PG_URL; "
                        + "default: jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres).")
        String pgUrl;

        @Option(names = "--server-jvm-option", paramLabel = "OPTION",
                description = "Extra option for the server's JVM, repeatable "
                        + "(e.g. -XX:StartFlightRecording=filename=server.jfr).")
        List<String> serverJvmOptions = List.of();

        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        /** Builds the workload (turning a bad parameter into a usage error), runs it, prints its table. */
        int run(Supplier<Workload> workload) {
            Workload w;
            BenchSettings settings;
            try {
                w = workload.get();
                settings = settings();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            var result = Bench.run(w, settings);
            var out = spec.commandLine().getOut();
            out.print(result.table());
            if (json != null) {
                out.println("appended to " + json);
            }
            out.flush();
            return result.passed() ? 0 : CHECK_FAILED;
        }

        private BenchSettings settings() {
            var err = spec.commandLine().getErr();
            var builder = BenchSettings.builder().store(StoreKind.parse(store)).jsonFile(json)
                    .serverJvmOptions(serverJvmOptions)
                    .progress(line -> {
                        err.println(line);
                        err.flush();
                    });
            if (timeLimitS != null) {
                builder.timeLimit(Duration.ofSeconds(timeLimitS));
            }
            if (pgUrl != null && !pgUrl.isBlank()) {
                builder.postgresUrl(pgUrl);
            }
            return builder.build();
        }
    }

    /** {@code --encrypt}, for the workloads that can run with end-to-end encryption. */
    static final class EncryptOption {
        @Option(names = "--encrypt", description = "End-to-end encryption on: A sets it up before writing, every other "
                + "device unlocks it before the measured part (Argon2id, not timed).")
        boolean encrypt;
    }

    /**
     * A workload's command: the options every workload has ({@link RunOptions}) and its own, from which it builds the
     * workload to run.
     */
    abstract static class WorkloadCommand implements Callable<Integer> {
        @Mixin
        RunOptions options;

        /** Builds the workload from the options; an {@link IllegalArgumentException} is a usage error. */
        abstract Workload workload();

        @Override
        public final Integer call() {
            return options.run(this::workload);
        }
    }

    @Command(name = "w1", mixinStandardHelpOptions = true,
            description = "W1 bootstrap: A inserts N rows (transactions of --batch) and pushes; a fresh B pulls.")
    static final class W1 extends WorkloadCommand {
        @Option(names = {"--n", "--rows"}, paramLabel = "N", defaultValue = "100000",
                description = "Rows (N). Default: ${DEFAULT-VALUE}.")
        int n;

        @Option(names = "--batch", defaultValue = "1000", description = "Rows per insert transaction. "
                + "Default: ${DEFAULT-VALUE}.")
        int batch;

        @Mixin
        EncryptOption encryption;

        @Option(names = "--warm-up", description = "Run the whole sequence once first, untimed, for another account "
                + "on the same server, so that the figures show warm JVMs (not part of BENCHMARKS.md's W1).")
        boolean warmUp;

        @Override
        Workload workload() {
            return new W1Bootstrap(n, batch, encryption.encrypt, warmUp);
        }
    }

    @Command(name = "w3", mixinStandardHelpOptions = true,
            description = "W3 many clients: CLIENTS devices loop write ROWS_PER_ITER rows, push, pull for DURATION_S.")
    static final class W3 extends WorkloadCommand {
        @Option(names = "--clients", defaultValue = "50", description = "Devices (CLIENTS). Default: ${DEFAULT-VALUE}.")
        int clients;

        @Option(names = "--duration-s", defaultValue = "30", description = "Seconds the devices loop (DURATION_S). "
                + "Default: ${DEFAULT-VALUE}.")
        int durationS;

        @Option(names = "--rows-per-iter", defaultValue = "10", description = "Rows per iteration (ROWS_PER_ITER). "
                + "Default: ${DEFAULT-VALUE}.")
        int rowsPerIter;

        @Option(names = "--shared", defaultValue = "1", paramLabel = "0|1", description = "1: one user and space for all"
                + " devices; 0: one user and space each (SHARED). Default: ${DEFAULT-VALUE}.")
        int shared;

        @Override
        Workload workload() {
            if (shared != 0 && shared != 1) {
                throw new IllegalArgumentException("--shared must be 0 or 1: " + shared);
            }
            return new W3ManyClients(clients, durationS, rowsPerIter, shared == 1);
        }
    }

    @Command(name = "w4", mixinStandardHelpOptions = true,
            description = "W4 convergence: concurrent offline edits on A and B, then sync A, B, A, B.")
    static final class W4 extends WorkloadCommand {
        @Option(names = "--rows", defaultValue = "1000", description = "Rows (ROWS). Default: ${DEFAULT-VALUE}.")
        int rows;

        @Option(names = "--both-title", defaultValue = "100", description = "Rows whose title both devices change "
                + "(BOTH_TITLE). Default: ${DEFAULT-VALUE}.")
        int bothTitle;

        @Override
        Workload workload() {
            return new W4Convergence(rows, bothTitle);
        }
    }

    @Command(name = "w2", mixinStandardHelpOptions = true,
            description = "W2 realtime latency: A (own process) updates rows at RATE/s; B (own process) records when "
                    + "each new value is visible.")
    static final class W2 extends WorkloadCommand {
        @Option(names = "--updates", defaultValue = "300",
                description = "Updates (UPDATES). Default: ${DEFAULT-VALUE}.")
        int updates;

        @Option(names = "--rate", defaultValue = "20", description = "Updates per second (RATE). "
                + "Default: ${DEFAULT-VALUE}.")
        int rate;

        @Option(names = "--seed", defaultValue = "1000", description = "Seeded rows (SEED). Default: ${DEFAULT-VALUE}.")
        int seed;

        @Option(names = "--poll-ms", defaultValue = "250", description = "Both engines' changePollInterval in ms "
                + "(how often the engine notices the app's commits). Default: ${DEFAULT-VALUE}, the SDK's default.")
        int pollMs;

        @Option(names = "--debounce-ms", defaultValue = "500", description = "Both engines' syncDebounce in ms (at most"
                + " 50 ms is used while the realtime socket is up). Default: ${DEFAULT-VALUE}, the SDK's default.")
        int debounceMs;

        @Mixin
        EncryptOption encryption;

        @Override
        Workload workload() {
            return new W2RealtimeLatency(updates, rate, seed, pollMs, debounceMs, encryption.encrypt);
        }
    }

    @Command(name = "w5", mixinStandardHelpOptions = true,
            description = "W5 offline queue: A goes offline, makes WRITES single-row writes, comes back online; time "
                    + "until B holds them all.")
    static final class W5 extends WorkloadCommand {
        @Option(names = "--writes", defaultValue = "1000", description = "Offline writes (WRITES). "
                + "Default: ${DEFAULT-VALUE}.")
        int writes;

        @Override
        Workload workload() {
            return new W5OfflineQueue(writes);
        }
    }

    @Command(name = "w6", mixinStandardHelpOptions = true,
            description = "W6 reconnect storm: CLIENTS realtime clients; the server restarts while each space gains "
                    + "BACKLOG rows. --clients 1000 also measures the idle-connected memory target.")
    static final class W6 extends WorkloadCommand {
        @Option(names = "--clients", defaultValue = "500", description = "Realtime clients, each with its own user and "
                + "space (CLIENTS). Default: ${DEFAULT-VALUE}.")
        int clients;

        @Option(names = "--backlog", defaultValue = "10", description = "Rows per client's space written while the "
                + "server restarts (BACKLOG). Default: ${DEFAULT-VALUE}.")
        int backlog;

        @Option(names = "--clients-per-jvm", defaultValue = "125", description = "Clients per device host JVM. "
                + "Default: ${DEFAULT-VALUE}.")
        int clientsPerJvm;

        @Override
        Workload workload() {
            return new W6ReconnectStorm(clients, backlog, clientsPerJvm);
        }
    }
}
