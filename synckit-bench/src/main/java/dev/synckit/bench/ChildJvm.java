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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A main class of this module in its own JVM (this JVM's executable and class path), talked to line by line: commands
 * go to its standard input; answer lines on its standard output carry {@link BenchServerMain#PREFIX} (other output,
 * such as the JVM's own, is ignored); its standard error goes to a log file whose tail failure messages quote. The
 * plumbing that {@link ServerProcess} and {@link DeviceHostProcess} share; they add their protocol on top. Every wait
 * is bounded.
 */
final class ChildJvm {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path log;
    private final String who;
    private final String logName;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process, Path log, String who, String kind) {
        this.process = process;
        this.log = log;
        this.who = who;
        this.logName = kind + " log ";
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        var reader = new Thread(this::readAnswers, "synckit-bench-" + kind + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Launches {@code java --enable-native-access=ALL-UNNAMED [jvmOptions] -cp <class path> main args}.
     *
     * @param who the process in messages, for example "the server" or "a device host"
     * @param kind a short name for its log and reader thread, for example "server" or "host"
     * @param env variables added to this JVM's environment
     */
    static ChildJvm start(String who, String kind, Class<?> main, List<String> jvmOptions, List<String> args,
                          Map<String, String> env, Path log) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(env);
        try {
            return new ChildJvm(builder.start(), log, who, kind);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + who + " JVM", e);
        }
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Writes one command line; the caller keeps commands and their answers in step. */
    void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException(who + " is gone" + logTail(), e);
        }
    }

    /**
     * Waits for the next answer line (without the prefix).
     *
     * @throws IllegalStateException if none comes within the timeout, or the process exited
     */
    String awaitLine(Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + who, e);
        }
        if (line == null) {
            throw new IllegalStateException(who + " did not answer within " + timeout.toSeconds() + " s" + logTail());
        }
        if (line.equals(EOF)) {
            lines.add(EOF); // every later wait sees the end too
            throw new IllegalStateException(who + " exited" + logTail());
        }
        return line;
    }

    /** {@link #stop(Lock)} for a caller that talks to the process from one thread only. */
    void stop() {
        stop(new ReentrantLock()); // nobody else writes: nothing to wait for
    }

    /**
     * Asks the process to quit (it closes what it holds), or kills it after {@link #STOP_TIMEOUT}. Idempotent.
     *
     * @param writeLock held while "quit" is written, so that it never lands inside another caller's request
     */
    void stop(Lock writeLock) {
        if (!process.isAlive()) {
            return;
        }
        try {
            writeLock.lock();
            try {
                commands.write("quit\n");
                commands.flush();
            } finally {
                writeLock.unlock();
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

    /** Kills the process at once. Idempotent. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the process's log, for a failure message. */
    String logTail() {
        try {
            var all = Files.readAllLines(log);
            var tail = all.subList(Math.max(0, all.size() - 15), all.size());
            return tail.isEmpty() ? " (" + logName + log + " is empty)"
                    : "; " + logName + log + " ends with:\n  " + String.join("\n  ", tail);
        } catch (IOException | RuntimeException e) {
            return " (" + logName + log + " unreadable)";
        }
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
}
