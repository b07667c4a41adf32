package dev.synckit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link BenchServerMain} in its own JVM (this JVM's executable and class path), so that its memory and CPU are
 * its own. Its standard error goes to a log file in the run's directory; standard input and output carry the
 * commands of {@link BenchServerMain} (answer lines carry its prefix; other output is ignored). Every wait is
 * bounded.
 *
 * <p>Invariant: requests are sent and answered one at a time under {@link #lock}, so answers never interleave.
 */
final class ServerProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path log;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private URI uri = URI.create("http://127.0.0.1");

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        var reader = new Thread(this::readAnswers, "synckit-bench-server-stdout");
        reader.setDaemon(true);
        reader.start();
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
        var command = new ArrayList<String>();
        command.add(javaExecutable());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServerMain.class.getName());
        command.addAll(store.serverArgs());
        if (port != 0) {
            command.add("--port");
            command.add(Integer.toString(port));
        }
        var builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(store.serverEnv());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch the server JVM", e);
        }
        var server = new ServerProcess(process, log);
        try {
            var ready = server.awaitLine(START_TIMEOUT);
            if (!ready.startsWith("READY ")) {
                throw new IllegalStateException("the server did not start: " + ready + server.logTail());
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
        return process.pid();
    }

    /** Counts the rows of a table in the server's materialized view of a space. */
    long count(UUID space, String table) {
        var answer = request("count " + space + " " + table);
        return Long.parseLong(expect(answer, "OK "));
    }

    /** Returns the server's materialized view of a table: one JSON object per row, in row id order. */
    List<String> view(UUID space, String table) {
        lock.lock();
        try {
            int n = Integer.parseInt(expect(send("view " + space + " " + table), "ROWS "));
            var rows = new ArrayList<String>(n);
            for (int i = 0; i < n; i++) {
                rows.add(awaitLine(ANSWER_TIMEOUT));
            }
            return rows;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the server's peak resident memory so far, or empty where it cannot be read. */
    OptionalLong peakRssBytes() {
        return ProcessStats.peakRssBytes(process.pid());
    }

    /** Returns the CPU time the server has used so far, or empty where it cannot be read. */
    Optional<Duration> cpu() {
        return ProcessStats.cpu(process.toHandle());
    }

    /** Stops the server gracefully (it closes its store), or kills it after {@link #STOP_TIMEOUT}. Idempotent. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        try {
            lock.lock();
            try {
                commands.write("quit\n");
                commands.flush();
            } finally {
                lock.unlock();
            }
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill(); // the pipe is gone: the process is dying anyway, make sure of it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the server at once (the workload's time limit ran out). Idempotent. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private String request(String command) {
        lock.lock();
        try {
            return send(command);
        } finally {
            lock.unlock();
        }
    }

    private String send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the server process is gone" + logTail(), e);
        }
        return awaitLine(ANSWER_TIMEOUT);
    }

    private String awaitLine(Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server", e);
        }
        if (line == null) {
            throw new IllegalStateException("the server did not answer within " + timeout.toSeconds() + " s"
                    + logTail());
        }
        if (line.equals(EOF)) {
            lines.add(EOF); // every later wait sees the end too
            throw new IllegalStateException("the server process exited" + logTail());
        }
        return line;
    }

    private String expect(String answer, String prefix) {
        if (!answer.startsWith(prefix)) {
            throw new IllegalStateException("unexpected answer from the server: " + answer);
        }
        return answer.substring(prefix.length()).strip();
    }

    private void readAnswers() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(BenchServerMain.PREFIX)) {
                    lines.add(line.substring(BenchServerMain.PREFIX.length()));
                } // else: the JVM's own output (JFR, -Xlog), not an answer
            }
        } catch (IOException e) {
            // the process ended while we read: the end marker below tells the waiting side
        } finally {
            lines.add(EOF);
        }
    }

    /** The last lines of the server's log, for a failure message. */
    private String logTail() {
        try {
            var all = Files.readAllLines(log);
            var tail = all.subList(Math.max(0, all.size() - 15), all.size());
            return tail.isEmpty() ? " (server log " + log + " is empty)"
                    : "; server log " + log + " ends with:\n  " + String.join("\n  ", tail);
        } catch (IOException | RuntimeException e) {
            return " (server log " + log + " unreadable)";
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
