package dev.synckit.server;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.Identifiers;
import dev.synckit.server.internal.http.HttpApi;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.Stores;
import dev.synckit.server.internal.ws.RealtimeHub;
import tools.jackson.databind.JsonNode;

/**
 * A running SyncKit sync server: the HTTP API and the realtime WebSocket ({@code GET /v1/ws}) of
 * {@code docs/PROTOCOL.md} on an embedded SQLite store, or on a PostgreSQL database that several servers may share
 * ({@link ServerConfig.Builder#databaseUrl(String)}); a push on one of them reaches the WebSocket clients of all of
 * them, through PostgreSQL's {@code LISTEN/NOTIFY}.
 *
 * {@snippet :
 * try (var server = SyncServer.start(ServerConfig.builder().port(0).build())) {
 *     System.out.println("listening on " + server.baseUri());
 *     // ...
 * }
 * }
 *
 * <p><b>Lifecycle.</b> {@link #start} opens (creating and migrating if needed) the store, {@code <dataDir>/synckit.db}
 * or the PostgreSQL database, then binds {@code host:port}; when it returns, the server answers requests. If
 * PostgreSQL cannot be reached at start, {@code start} fails (within seconds) rather than waiting for it; run the
 * server under a supervisor that restarts it. Once started, the server rides out database outages: requests are
 * answered with {@code 503 unavailable} and {@code /ready} with 503 until the database answers again, with no
 * restart. It runs
 * until {@link #close()}, which stops accepting requests, lets those in progress finish (bounded), and closes the
 * store. {@code close()} is idempotent. While it runs, the server keeps the JVM alive (Jetty holds a non-daemon
 * scheduler thread); its store threads are daemon threads.
 *
 * <p><b>Threading.</b> Instances are safe for concurrent use. Requests are handled on virtual threads; SQLite
 * store writes are serialized on one platform thread ({@code synckit-sqlite-writer}); PostgreSQL work runs on the
 * request's thread with a pooled connection. The realtime side adds one platform thread for ack writes
 * ({@code synckit-ws-timer}), on PostgreSQL one for {@code LISTEN} ({@code synckit-pg-listener}, with its own
 * connection), and virtual threads per WebSocket (its sender) and per streamed space.
 *
 * <p><b>Limits.</b> Body size, ops per push, op size and page sizes come from {@link ServerConfig}; requests over
 * a limit get a {@code 4xx} JSON error and change nothing.
 *
 * @since 0.1
 */
public final class SyncServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncServer.class);
    /** How long a stopping server waits for realtime clients to answer its "going away" close. */
    private static final Duration GOING_AWAY_GRACE = Duration.ofSeconds(1);

    private final Store store;
    private final RealtimeHub realtime;
    private final HttpApi http;
    private final URI baseUri;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SyncServer(Store store, RealtimeHub realtime, HttpApi http, URI baseUri) {
        this.store = store;
        this.realtime = realtime;
        this.http = http;
        this.baseUri = baseUri;
    }

    /**
     * Opens the store and starts serving.
     *
     * @param config the configuration
     * @return the running server
     * @throws IllegalStateException if the store cannot be opened, reached or migrated, or the address cannot be
     *         bound
     */
    public static SyncServer start(ServerConfig config) {
        Objects.requireNonNull(config, "config");
        long started = System.nanoTime();
        // The store migrates on its own thread while Jetty starts; handlers wait for it, and so does this method.
        var store = Stores.openAsync(config);
        var realtime = RealtimeHub.start(store, config);
        HttpApi http;
        try {
            http = HttpApi.start(config, store, realtime.spaceOps(), realtime::configure);
        } catch (RuntimeException e) {
            realtime.close();
            store.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        try {
            store.awaitReady();
        } catch (RuntimeException e) {
            http.close();
            realtime.close();
            store.close();
            throw new IllegalStateException("cannot open the store (" + config.storeDescription() + "): "
                    + e.getMessage(), e);
        }
        var server = new SyncServer(store, realtime, http, baseUri(config.host(), http.port()));
        log.info("SyncKit server listening on {} (store {}, started in {} ms)", server.baseUri,
                config.storeDescription(), (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    /**
     * Returns the port the server listens on: the configured one, or the one chosen for port {@code 0}.
     *
     * @return the port
     */
    public int port() {
        return http.port();
    }

    /**
     * Returns the URI clients use to reach this server, for example {@code http://127.0.0.1:8787}. A wildcard host
     * ({@code 0.0.0.0}, {@code ::}) is reported as the loopback address.
     *
     * @return the base URI, without a trailing slash
     */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Reads the server's materialized view of one table of a space: every visible row and its visible fields,
     * after merging every accepted op with the field-level last-writer-wins rule. A diagnostic, for tests and
     * operators comparing client replicas with the server; it reads the store on each call.
     *
     * @apiNote The view holds what clients pushed; in an end-to-end encrypted space, table names, row ids and values
     *          are the ciphertexts and keyed hashes the clients sent.
     * @param spaceId the space
     * @param table the table name as pushed
     * @return row id → (column → value), sorted by row id; unmodifiable; empty for an unknown space or table
     * @throws IllegalArgumentException if {@code table} is not a valid table name
     * @throws IllegalStateException if the server is closed or the store fails
     */
    public Map<String, Map<String, JsonNode>> materializedRows(UUID spaceId, String table) {
        Objects.requireNonNull(spaceId, "spaceId");
        Identifiers.requireName("table", table);
        if (closed.get()) {
            throw new IllegalStateException("the server is closed");
        }
        try {
            return store.materializedRows(spaceId, table);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the materialized view: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server and closes the store. Idempotent. Realtime clients are first told that the server is going
     * away (WebSocket close {@code 1001}, waiting at most 1 s for their answers);
     * then it waits a bounded time for requests in progress.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            realtime.goingAway(GOING_AWAY_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping anyway, without waiting for the close handshakes
        }
        try {
            http.close();
            realtime.close(); // after the connections are gone: writes their last acks
        } finally {
            store.close();
            log.info("SyncKit server on {} stopped", baseUri);
        }
    }

    private static URI baseUri(String host, int port) {
        String h = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return URI.create("http://" + h + ":" + port);
    }
}
