package dev.synckit.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link DeviceHostMain} in its own JVM ({@link ChildJvm}), talked to over its standard input and output; its
 * standard error goes to a log file in the run's directory. Commands are answered in order, so a caller may
 * {@link #send} a command and collect its {@link #answer} later (while it talks to another process), but must not
 * send another one in between. Use from one thread at a time. Every wait is bounded.
 */
final class DeviceHostProcess implements AutoCloseable {

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final ChildJvm jvm;

    private DeviceHostProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Launches a host with {@link DeviceHostMain}'s arguments. */
    static DeviceHostProcess start(Path log, List<String> args) {
        return new DeviceHostProcess(ChildJvm.start("a device host", "host", DeviceHostMain.class, List.of(), args,
                Map.of(), log));
    }

    long pid() {
        return jvm.pid();
    }

    /** Sends a command and waits up to {@link #ANSWER_TIMEOUT} for its answer; returns what follows {@code OK}. */
    String call(String command) {
        send(command);
        return answer(ANSWER_TIMEOUT);
    }

    void send(String command) {
        jvm.send(command);
    }

    /** Waits for the answer to the command sent last; returns what follows {@code OK}. */
    String answer(Duration timeout) {
        var line = jvm.awaitLine(timeout);
        if (!line.startsWith("OK")) {
            throw new IllegalStateException("a device host failed: " + line + jvm.logTail());
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
                + ")" + jvm.logTail());
    }

    /** Stops the host (it closes its devices), or kills it after {@link ChildJvm#STOP_TIMEOUT}. Idempotent. */
    void stop() {
        jvm.stop();
    }

    /** Kills the host at once. Idempotent. */
    void kill() {
        jvm.kill();
    }

    @Override
    public void close() {
        stop();
    }
}
