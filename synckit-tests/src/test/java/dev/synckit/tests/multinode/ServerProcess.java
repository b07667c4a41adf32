package dev.synckit.tests.multinode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A {@code synckit server} in its own JVM (a real process, killable with SIGKILL), started from this test JVM's
 * class path on a random loopback port. Used where a test must lose a whole node, not just close an object.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI uri;
    private final Path log;

    private ServerProcess(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Starts a node on {@code databaseUrl} and waits until it listens.
     *
     * @param databaseUrl the PostgreSQL database all nodes share
     * @param workDir a directory for the node's log and (unused) data dir
     * @param name the node's name, for its log file
     * @return the running node
     */
    static ServerProcess start(String databaseUrl, Path workDir, String name) throws IOException {
        Files.createDirectories(workDir);
        var log = workDir.resolve(name + ".log");
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.synckit.cli.Main", "server",
                "--host", "127.0.0.1", "--port", "0", "--data-dir", workDir.resolve(name + "-data").toString()));
        var builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("SYNCKIT_DATABASE_URL", databaseUrl);
        var process = builder.start();
        var listening = CompletableFuture.supplyAsync(() -> awaitListening(process));
        try {
            return new ServerProcess(process, listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + name + " did not start; its log:\n" + tail(log), e);
        }
    }

    private static URI awaitListening(Process process) {
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line; (line = out.readLine()) != null; ) {
                var m = LISTENING.matcher(line);
                if (m.find()) {
                    var uri = URI.create(m.group(1));
                    Thread.ofVirtual().start(() -> drain(out));
                    return uri;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("the server exited before listening");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe empty so the node never blocks on stdout
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    URI uri() {
        return uri;
    }

    /** Kills the node like a crash or an OOM killer would: SIGKILL, no shutdown hooks. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        return tail(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
