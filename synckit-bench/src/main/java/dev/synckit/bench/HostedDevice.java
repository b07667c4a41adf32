package dev.synckit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.EventSubscription;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncReport;

/**
 * One device inside a {@link DeviceHostMain} process: the app's SQLite file and JDBC connection, a counted
 * {@link SyncKitClient}, and a {@link SyncEngine} that can be stopped (the device goes offline: the engine is closed,
 * the capture triggers keep recording the app's writes) and started again as a new engine on the same file. A
 * virtual thread reads the engine's events and hands every remote {@link SyncEvent.RowsChanged} of {@code todos} to
 * the current {@link #onRemote listener}, with the wall-clock time it was received.
 *
 * <p>The app connection is used under {@link #app(SqlWork)}'s lock, by the command thread and the listener alike.
 */
final class HostedDevice implements AutoCloseable {

    /** How the engines of a host are configured. */
    record Options(URI server, @Nullable Duration changePollInterval, @Nullable Duration syncDebounce) {
    }

    /** A remote change of {@code todos} and when (epoch microseconds) the event was received. */
    record Remote(long micros, SyncEvent.RowsChanged event) {
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection app) throws SQLException;
    }

    private static final Duration EVENT_POLL = Duration.ofMillis(100);

    private final String name;
    private final Path file;
    private final Connection app;
    private final CountingHttpClient http;
    private final SyncKitClient client;
    private final Options options;
    private final @Nullable UUID spaceId;
    private final ReentrantLock appLock = new ReentrantLock();
    private final Thread watcher;
    private volatile SyncEngine engine;
    private volatile EventSubscription events;
    private volatile Consumer<Remote> listener = r -> { };
    private volatile boolean closed;
    private volatile long firstSyncStarted = -1;
    private volatile long firstSyncEnded = -1;

    private HostedDevice(String name, Path file, Connection app, CountingHttpClient http, SyncKitClient client,
                         Options options, @Nullable UUID spaceId) {
        this.name = name;
        this.file = file;
        this.app = app;
        this.http = http;
        this.client = client;
        this.options = options;
        this.spaceId = spaceId;
        this.engine = buildEngine();
        this.events = engine.subscribe(100_000);
        this.watcher = Thread.ofVirtual().name("synckit-bench-events-" + name).start(this::watch);
    }

    /**
     * Creates the app's table in a new file and installs sync on it.
     *
     * @param sharedHttp the host's shared HTTP client, or null for one of its own
     * @param spaceId the space to bind to, or null for the account's default space
     */
    static HostedDevice open(String name, Path file, String apiKey, @Nullable UUID spaceId, Options options,
                             @Nullable HttpClient sharedHttp) throws SQLException {
        var app = Device.openApp(file);
        var http = sharedHttp == null ? CountingHttpClient.create() : CountingHttpClient.sharing(sharedHttp);
        var client = SyncKitClient.builder().serverUrl(options.server()).apiKey(apiKey).httpClient(http).build();
        return new HostedDevice(name, file, app, http, client, options, spaceId);
    }

    private SyncEngine buildEngine() {
        var builder = SyncEngine.builder().database(file).schema(Todos.SCHEMA).client(client).hostname(name)
                .platform("synckit-bench").secretStore(BenchKeys.secretsOf(file));
        if (spaceId != null) {
            builder.spaceId(spaceId);
        }
        if (options.changePollInterval() != null) {
            builder.changePollInterval(options.changePollInterval());
        }
        if (options.syncDebounce() != null) {
            builder.syncDebounce(options.syncDebounce());
        }
        return builder.build();
    }

    /** Runs work on the app's connection, one caller at a time. */
    <T> T app(SqlWork<T> work) throws SQLException {
        appLock.lock();
        try {
            return work.run(app);
        } finally {
            appLock.unlock();
        }
    }

    SyncEngine engine() {
        return engine;
    }

    CountingHttpClient http() {
        return http;
    }

    /** Sets who hears about remote changes from now on (called on the event thread). */
    void onRemote(Consumer<Remote> listener) {
        this.listener = listener;
    }

    /** Syncs once on the calling thread. */
    SyncReport sync() {
        return engine.sync();
    }

    /** Starts the engine's background worker and realtime socket. */
    void start() {
        engine.start();
    }

    /** Whether the engine's last sync succeeded at some point and its realtime socket is subscribed. */
    boolean live() {
        var status = engine.status();
        return status.lastSuccess().isPresent() && status.realtimeConnected();
    }

    Optional<UUID> space() {
        return engine.status().spaceId();
    }

    /** Goes offline: closes the engine (and its socket); the app keeps writing, the triggers keep recording. */
    void goOffline() {
        engine.close();
    }

    /** Comes back online: builds a new engine on the same file and client, subscribes, starts it. */
    void goOnline() {
        firstSyncStarted = -1;
        firstSyncEnded = -1;
        var next = buildEngine();
        events = next.subscribe(100_000);
        engine = next;
        next.start();
    }

    private void watch() {
        while (!closed) {
            var subscription = events;
            try {
                var event = subscription.poll(EVENT_POLL);
                if (event.isEmpty()) {
                    if (subscription.isClosed()) {
                        Thread.sleep(EVENT_POLL); // offline: wait for the next engine's subscription
                    }
                    continue;
                }
                long micros = WallClock.micros();
                noteSync(event.get(), micros);
                if (event.get() instanceof SyncEvent.RowsChanged r && r.source() == SyncEvent.Source.REMOTE
                        && r.table().equals(Todos.TABLE)) {
                    listener.accept(new Remote(micros, r));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A listener failed (its database read): the workload sees the missing result; keep delivering.
                System.err.println("event listener of " + name + " failed: " + e);
            }
        }
    }

    /**
     * Returns when (epoch microseconds, -1: not yet) the first sync of the engine started and ended (completed or
     * failed), counted from its start or the last {@link #goOnline()}.
     */
    long[] firstSync() {
        return new long[] {firstSyncStarted, firstSyncEnded};
    }

    private void noteSync(SyncEvent event, long micros) {
        if (event instanceof SyncEvent.SyncStarted && firstSyncStarted < 0) {
            firstSyncStarted = micros;
        } else if ((event instanceof SyncEvent.SyncCompleted || event instanceof SyncEvent.SyncFailed)
                && firstSyncEnded < 0) {
            firstSyncEnded = micros;
        }
    }

    @Override
    public void close() throws SQLException {
        closed = true;
        watcher.interrupt();
        Device.closeParts(engine, client, http, app);
    }
}
