package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.synckit.client.EventSubscription;
import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.PushResponse;
import dev.synckit.tests.ForwardingClient;

/**
 * One device in a realtime test: an app's SQLite file with a {@code todos} table written with plain SQL, and a
 * started engine whose background interval is so long that anything arriving from other devices arrived through
 * the realtime socket (or a catch-up the socket asked for). The app also counts every write the engine makes to
 * {@code todos} (a trigger of its own), and the test reads the engine's events in order.
 */
final class LiveDevice implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final SyncSchema SCHEMA = SyncSchema.builder().version(1)
            .table(TableSpec.builder("todos").primaryKey("id").columns("title", "done").build()).build();

    final Path file;
    final Connection app;
    final SyncKitClient client;
    final SyncEngine engine;
    final EventSubscription events;
    final List<SyncEvent> seen = new CopyOnWriteArrayList<>();

    private LiveDevice(Path file, Connection app, SyncKitClient client, SyncEngine engine,
                       EventSubscription events) {
        this.file = file;
        this.app = app;
        this.client = client;
        this.engine = engine;
        this.events = events;
    }

    /** Creates the app's file, installs sync, and starts the engine with its realtime socket. */
    static LiveDevice start(Path file, URI server, String apiKey) throws SQLException {
        return start(file, httpClient(server, apiKey));
    }

    /** Like {@link #start(Path, URI, String)}, with a client whose realtime socket the test controls. */
    static LiveDevice startSwitchable(Path file, URI server, String apiKey) throws SQLException {
        return start(file, new SwitchableClient(httpClient(server, apiKey)));
    }

    /** The switchable client of a device started with {@link #startSwitchable}. */
    SwitchableClient switchable() {
        return (SwitchableClient) client;
    }

    private static SyncKitClient httpClient(URI server, String apiKey) {
        return SyncKitClient.builder().serverUrl(server).apiKey(apiKey).requestTimeout(Duration.ofSeconds(20)).build();
    }

    private static LiveDevice start(Path file, SyncKitClient client) throws SQLException {
        var app = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (var st = app.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute("CREATE TABLE todos (id TEXT PRIMARY KEY, title TEXT, done INTEGER NOT NULL DEFAULT 0)");
            st.execute("CREATE TABLE app_writes (kind TEXT NOT NULL, id TEXT NOT NULL)");
            st.execute("CREATE TRIGGER count_inserts AFTER INSERT ON todos BEGIN "
                    + "INSERT INTO app_writes VALUES ('insert', NEW.id); END");
            st.execute("CREATE TRIGGER count_updates AFTER UPDATE ON todos BEGIN "
                    + "INSERT INTO app_writes VALUES ('update', NEW.id); END");
        }
        var engine = SyncEngine.builder().database(file).schema(SCHEMA).client(client)
                .hostname("test-" + file.getFileName()).platform("test").build();
        try (var st = app.createStatement()) {
            // No interval sync during a test: what arrives, arrives in realtime.
            st.execute("UPDATE sync_state SET value = '500000' WHERE key = 'sync_interval_minutes'");
        }
        var device = new LiveDevice(file, app, client, engine, engine.subscribe(100_000));
        engine.start();
        return device;
    }

    /** Waits until the first sync succeeded and the realtime socket is subscribed. */
    LiveDevice awaitConnected() {
        await().atMost(WAIT).until(() -> engine.status().lastSuccess().isPresent()
                && engine.status().realtimeConnected());
        return this;
    }

    boolean realtimeConnected() {
        return engine.status().realtimeConnected();
    }

    void exec(String sql, Object... args) throws SQLException {
        try (var ps = app.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    long count(String sql) throws SQLException {
        try (var st = app.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every todo as {@code id → "title|done"}. */
    Map<String, String> todos() throws SQLException {
        var out = new TreeMap<String, String>();
        try (var st = app.createStatement(); var rs = st.executeQuery("SELECT id, title, done FROM todos")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + "|" + rs.getInt(3));
            }
        }
        return out;
    }

    /** Reads the engine's events until a remote RowsChanged of {@code todos} names the row; fails after WAIT. */
    SyncEvent.RowsChanged awaitRemote(String rowId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var event = events.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event.isEmpty()) {
                break;
            }
            seen.add(event.get());
            if (event.get() instanceof SyncEvent.RowsChanged r && r.source() == SyncEvent.Source.REMOTE
                    && r.table().equals("todos") && r.rowIds().contains(rowId)) {
                return r;
            }
        }
        throw new AssertionError("no remote change of " + rowId + " within " + WAIT + "; events: " + seen);
    }

    /** Forgets every event so far (queued or seen): the test looks at what happens from now on. */
    void skipEvents() {
        drainEvents();
        seen.clear();
    }

    /** Reads every event queued now. */
    List<SyncEvent> drainEvents() {
        var out = new ArrayList<SyncEvent>();
        for (var e = events.poll(); e.isPresent(); e = events.poll()) {
            out.add(e.get());
            seen.add(e.get());
        }
        return out;
    }

    /** The pull cursor, the highest seq applied. */
    long cursor() throws SQLException {
        try (var st = app.createStatement();
             var rs = st.executeQuery("SELECT value FROM sync_state WHERE key = 'pull_cursor'")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    @Override
    public void close() throws SQLException {
        events.close();
        engine.close();
        client.close();
        app.close();
    }

    /**
     * The device's client: the real one, with the realtime socket switchable off (opening fails as an unreachable
     * server would) and the open socket at hand, so a test can abort it as a crashing client would.
     */
    static final class SwitchableClient extends ForwardingClient {

        volatile boolean realtimeAllowed = true;
        /** When set, a push frame breaks the socket as it is sent, as a network drop at that moment would. */
        volatile boolean socketDropsPushes;
        /** Pushes sent over HTTP (the engine's pushes over the realtime socket are not counted). */
        final AtomicInteger httpPushes = new AtomicInteger();
        final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
        private final List<WebSocket.Listener> listeners = new CopyOnWriteArrayList<>();

        SwitchableClient(SyncKitClient delegate) {
            super(delegate);
        }

        /**
         * Drops the newest socket without a close handshake, and reports the I/O error the JDK reports when the
         * network drops a socket under its reader (its own {@code abort()} tells the listener nothing).
         */
        void abortSocket() {
            assertThat(sockets).as("an open realtime socket").isNotEmpty();
            var socket = sockets.getLast();
            socket.abort();
            listeners.getLast().onError(socket, new java.io.IOException("connection reset (aborted by the test)"));
        }

        @Override
        public CompletableFuture<WebSocket> openRealtime(WebSocket.Listener listener) {
            if (!realtimeAllowed) {
                return CompletableFuture.failedFuture(new NetworkException("realtime switched off by the test", null));
            }
            return delegate.openRealtime(listener).thenApply(socket -> {
                listeners.add(listener);
                sockets.add(socket);
                return new PushDroppingSocket(socket, listener, this);
            });
        }

        @Override
        public PushResponse push(UUID spaceId, UUID deviceId, List<Op> ops) {
            httpPushes.incrementAndGet();
            return super.push(spaceId, deviceId, ops);
        }
    }

    /** A socket that, while its client says so, breaks on a {@code push} frame instead of sending it. */
    private record PushDroppingSocket(WebSocket socket, WebSocket.Listener listener, SwitchableClient client)
            implements WebSocket {

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            if (client.socketDropsPushes && data.toString().startsWith("{\"type\":\"push\"")) {
                socket.abort();
                listener.onError(this, new java.io.IOException("connection reset (dropped by the test)"));
                return CompletableFuture.failedFuture(new java.io.IOException("connection reset"));
            }
            return socket.sendText(data, last).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(java.nio.ByteBuffer data, boolean last) {
            return socket.sendBinary(data, last).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(java.nio.ByteBuffer message) {
            return socket.sendPing(message).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(java.nio.ByteBuffer message) {
            return socket.sendPong(message).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return socket.sendClose(statusCode, reason).thenApply(s -> this);
        }

        @Override
        public void request(long n) {
            socket.request(n);
        }

        @Override
        public String getSubprotocol() {
            return socket.getSubprotocol();
        }

        @Override
        public boolean isOutputClosed() {
            return socket.isOutputClosed();
        }

        @Override
        public boolean isInputClosed() {
            return socket.isInputClosed();
        }

        @Override
        public void abort() {
            socket.abort();
        }
    }
}
