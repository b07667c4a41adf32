package dev.synckit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DeviceHostMain} in its own JVM (this JVM's executable and class path), talked to over its standard input
 * and output; its standard error goes to a log file in the run's directory. Commands are answered in order, so a
 * caller may {@link #send} a command and collect its {@link #answer} later (while it talks to another process), but
 * must not send another one in between. Use from one thread at a time. Every wait is bounded.
 */
final class DeviceHostProcess implements AutoCloseable {

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path log;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private DeviceHostProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        var reader = new Thread(this::readAnswers, "synckit-bench-host-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Launches a host with {@link DeviceHostMain}'s arguments. */
    static DeviceHostProcess start(Path log, List<String> args) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DeviceHostMain.class.getName());
        command.addAll(args);
        try {
            return new DeviceHostProcess(new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch a device host JVM", e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Sends a command and waits up to {@link #ANSWER_TIMEOUT} for its answer; returns what follows {@code OK}. */
    String call(String command) {
        send(command);
        return answer(ANSWER_TIMEOUT);
    }

    void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the device host is gone" + logTail(), e);
        }
    }

    /** Waits for the answer to the command sent last; returns what follows {@code OK}. */
    String answer(Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a device host", e);
        }
        if (line == null) {
            throw new IllegalStateException("a device host did not answer within " + timeout.toSeconds() + " s"
                    + logTail());
        }
        if (line.equals(EOF)) {
            lines.add(EOF);
            throw new IllegalStateException("a device host exited" + logTail());
        }
        if (!line.startsWith("OK")) {
            throw new IllegalStateException("a device host failed: " + line + logTail());
        }
        return line.substring(2).strip();
    }

    /**
     * Waits until every device of the host is live (synced, realtime socket subscribed), asking every 100 ms.
     *
     * @throws IllegalStateException if they are not within the timeout, or the run was stopped
     */
    void awaitLive(Duration timeout, RunContext ctx) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            ctx.checkNotAborted();
            last = call("live");
            var words = last.split(" ");
            if (words[0].equals(words[1])) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for devices to go live", e);
            }
        }
        throw new IllegalStateException("devices not live within " + timeout.toSeconds() + " s (live, of: " + last
                + ")" + logTail());
    }

    /** Stops the host (it closes its devices), or kills it after {@link #STOP_TIMEOUT}. Idempotent. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        try {
            commands.write("quit\n");
            commands.flush();
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

    /** Kills the host at once. Idempotent. */
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

    private void readAnswers() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(BenchServerMain.PREFIX)) {
                    lines.add(line.substring(BenchServerMain.PREFIX.length()));
                }
            }
        } catch (IOException e) {
            // the process ended while we read: the end marker below tells the waiting side
        } finally {
            lines.add(EOF);
        }
    }

    private String logTail() {
        try {
            var all = Files.readAllLines(log);
            var tail = all.subList(Math.max(0, all.size() - 15), all.size());
            return tail.isEmpty() ? " (host log " + log + " is empty)"
                    : "; host log " + log + " ends with:\n  " + String.join("\n  ", tail);
        } catch (IOException | RuntimeException e) {
            return " (host log " + log + " unreadable)";
        }
    }
}
