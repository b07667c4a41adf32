package dev.synckit.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.synckit.server.Admin;

/**
 * The state of one run: its directory, its clock, its progress output, and what must be killed when the time limit
 * runs out. The workload runs on one thread; {@link #abort()} comes from the watchdog thread.
 */
final class RunContext {

    private final Workload workload;
    private final BenchSettings settings;
    private final Path dir;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final Optional<Double> loadBefore = Machine.loadAverage();
    private final List<ServerProcess> servers = new CopyOnWriteArrayList<>();
    private final List<DeviceHostProcess> hosts = new CopyOnWriteArrayList<>();
    private volatile boolean aborted;

    RunContext(Workload workload, BenchSettings settings, Path dir) {
        this.workload = workload;
        this.settings = settings;
        this.dir = dir;
    }

    /** The run's own directory (deleted after the run). */
    Path dir() {
        return dir;
    }

    BenchSettings settings() {
        return settings;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** The machine's 1-minute load average when the run started. */
    Optional<Double> loadBefore() {
        return loadBefore;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Reports progress: one line, prefixed with the workload and the time since the run started. */
    void progress(String message) {
        settings.progress().accept(String.format(Locale.ROOT, "[%s %6.1f s] %s", workload.id(),
                elapsed().toMillis() / 1000.0, message));
    }

    /** A fresh store of the settings' kind. */
    ScratchStore newStore() {
        checkNotAborted();
        progress("creating a fresh " + settings.store().wire() + " store");
        return ScratchStore.create(settings, dir);
    }

    /** Starts a server process on the store; the watchdog kills it if the time limit runs out. */
    ServerProcess startServer(ScratchStore store) {
        return startServer(store, 0, "server.log");
    }

    /** Starts a server process on the store on a given port (0: a free one), logging to {@code logName}. */
    ServerProcess startServer(ScratchStore store, int port, String logName) {
        checkNotAborted();
        var server = ServerProcess.start(store, dir.resolve(logName),
                ServerJvmOptions.with(settings.serverJvmOptions()), port);
        servers.add(server);
        if (aborted) {
            server.kill();
        }
        progress("server pid " + server.pid() + " listening on " + server.uri());
        return server;
    }

    /** Starts a device host process ({@link DeviceHostMain}); the watchdog kills it if the time limit runs out. */
    DeviceHostProcess startHost(String name, List<String> args) {
        checkNotAborted();
        var host = DeviceHostProcess.start(dir.resolve(name + ".log"), args);
        hosts.add(host);
        if (aborted) {
            host.kill();
        }
        return host;
    }

    /** Creates users and one API key each through the admin path; returns the keys' secrets in order. */
    List<String> createUsers(ScratchStore store, List<String> names) {
        checkNotAborted();
        var keys = new ArrayList<String>(names.size());
        try (var admin = Admin.open(store.config())) {
            for (var name : names) {
                admin.createUser(name);
                keys.add(admin.createApiKey(name).secret());
            }
        }
        return keys;
    }

    /** Throws if the time limit ran out; loops call it to stop promptly. */
    void checkNotAborted() {
        if (aborted) {
            throw new IllegalStateException(workload.id() + " was stopped: its time limit ran out");
        }
    }

    boolean aborted() {
        return aborted;
    }

    /**
     * Stops the run: loops end at their next check, and the device hosts and the server are killed so that blocked
     * requests fail.
     */
    void abort() {
        aborted = true;
        hosts.forEach(DeviceHostProcess::kill);
        servers.forEach(ServerProcess::kill);
    }
}
