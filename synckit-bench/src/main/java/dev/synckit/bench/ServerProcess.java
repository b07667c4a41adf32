package dev.synckit.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link BenchServerMain} in its own JVM ({@link ChildJvm}), so that its memory and CPU are its own. Its standard
 * error goes to a log file in the run's directory; standard input and output carry the commands of
 * {@link BenchServerMain}. Every wait is bounded.
 *
 * <p>Invariant: requests are sent and answered one at a time under {@link #lock}, so answers never interleave.
 */
final class ServerProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final ChildJvm jvm;
    private final ReentrantLock lock = new ReentrantLock();
    private URI uri = URI.create("http://127.0.0.1");

    private ServerProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /**
     * Launches the server on a fresh store and waits until it listens.
     *
     * @param jvmOptions extra JVM options, for example a JFR recording
     * @throws IllegalStateException if it does not start within {@link #START_TIMEOUT}
     */
    static ServerProcess start(ScratchStore store, Path log, List<String> jvmOptions) {
        return start(store, log, jvmOptions, 0);
    }

    /**
     * Launches the server on a store on a given port (0: a free one) and waits until it listens.
     *
     * @throws IllegalStateException if it does not start within {@link #START_TIMEOUT}
     */
    static ServerProcess start(ScratchStore store, Path log, List<String> jvmOptions, int port) {
        var args = new ArrayList<>(store.serverArgs());
        if (port != 0) {
            args.add("--port");
            args.add(Integer.toString(port));
        }
        var server = new ServerProcess(ChildJvm.start("the server", "server", BenchServerMain.class, jvmOptions, args,
                store.serverEnv(), log));
        try {
            var ready = server.jvm.awaitLine(START_TIMEOUT);
            if (!ready.startsWith("READY ")) {
                throw new IllegalStateException("the server did not start: " + ready + server.jvm.logTail());
            }
            server.uri = URI.create(ready.substring("READY ".length()).strip());
            return server;
        } catch (RuntimeException e) {
            server.kill();
            throw e;
        }
    }

    /** Returns the server's base URI. */
    URI uri() {
        return uri;
    }

    long pid() {
        return jvm.pid();
    }

    /** Counts the rows of a table in the server's materialized view of a space. */
    long count(UUID space, String table) {
        lock.lock();
        try {
            return Long.parseLong(expect(send("count " + space + " " + table), "OK "));
        } finally {
            lock.unlock();
        }
    }

    /** Returns the server's materialized view of a table: one JSON object per row, in row id order. */
    List<String> view(UUID space, String table) {
        lock.lock();
        try {
            int n = Integer.parseInt(expect(send("view " + space + " " + table), "ROWS "));
            var rows = new ArrayList<String>(n);
            for (int i = 0; i < n; i++) {
                rows.add(jvm.awaitLine(ANSWER_TIMEOUT));
            }
            return rows;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the server's peak resident memory so far, or empty where it cannot be read. */
    OptionalLong peakRssBytes() {
        return ProcessStats.peakRssBytes(jvm.pid());
    }

    /** Returns the CPU time the server has used so far, or empty where it cannot be read. */
    Optional<Duration> cpu() {
        return ProcessStats.cpu(jvm.handle());
    }

    /** Returns the CPU time of each of the server's threads, or empty where the system does not say. */
    Optional<ThreadCpu> threadCpu() {
        return ThreadCpu.of(jvm.pid());
    }

    /**
     * Stops the server gracefully (it closes its store), or kills it after {@link ChildJvm#STOP_TIMEOUT}. Waits for
     * a request in flight first. Idempotent.
     */
    void stop() {
        jvm.stop(lock);
    }

    /** Kills the server at once (the workload's time limit ran out). Idempotent. */
    void kill() {
        jvm.kill();
    }

    @Override
    public void close() {
        stop();
    }

    /** Sends a command and waits for its first answer line; the caller holds {@link #lock}. */
    private String send(String command) {
        jvm.send(command);
        return jvm.awaitLine(ANSWER_TIMEOUT);
    }

    private String expect(String answer, String prefix) {
        if (!answer.startsWith(prefix)) {
            throw new IllegalStateException("unexpected answer from the server: " + answer);
        }
        return answer.substring(prefix.length()).strip();
    }
}
