package dev.synckit.server.internal.http;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ProtocolJson;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.store.AppendListener;
import dev.synckit.server.internal.store.Store;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson3;

/**
 * The HTTP server: Javalin on Jetty, handlers on virtual threads, every route of {@code docs/PROTOCOL.md}.
 *
 * <p>Threads: Jetty's own work (accepting connections, the selector that watches them) runs on a few platform threads
 * ({@code synckit-jetty-N}); whatever may block, every HTTP handler and WebSocket frame handler, runs on a virtual
 * thread of its own ({@code synckit-request-N}), as Jetty recommends ({@link #threadPool()}).
 *
 * <p>Request lifecycle: assign a request id → (for {@code /v1/*}) authenticate → handler → on any exception, the
 * mapping of {@link ErrorHandling}. Owns the Javalin instance but not the store.
 */
public final class HttpApi implements AutoCloseable {

    /**
     * Jetty's per-connection cache of parsed header fields, in trie nodes. Jetty's default (1,024) allocates a table of
     * about 100 KB per connection that parsed a cacheable header, and a WebSocket keeps the connection that carried its
     * upgrade request: 1,000 idle sockets held 99 MB of these tables. None: a request's few headers are parsed anew.
     */
    static final int HEADER_CACHE_SIZE = 0;
    /**
     * Jetty's platform threads: the acceptor, the selector, and short non-blocking tasks. The bound only has to exceed
     * what Jetty leases for good (one acceptor and one selector per connector on a small machine); threads above the
     * minimum end after Jetty's idle timeout.
     */
    static final int MAX_PLATFORM_THREADS = 32;
    static final int MIN_PLATFORM_THREADS = 4;
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    /** Where appends are announced in a server without the realtime endpoint: nowhere. */
    static final AppendListener NOBODY = new AppendListener() {
        @Override
        public void appended(UUID spaceId, long head) {
            // no realtime subscribers in this server
        }

        @Override
        public void appendsMayHaveBeenMissed() {
            // no realtime subscribers in this server
        }
    };

    private final Javalin app;

    private HttpApi(Javalin app) {
        this.app = app;
    }

    /**
     * Starts serving the HTTP API alone, without the realtime WebSocket endpoint (pushes tell no one).
     *
     * @param config host, port and limits
     * @param store the store the handlers use
     * @return the running server
     */
    public static HttpApi start(ServerConfig config, Store store) {
        return start(config, store, new SpaceOps(store, config, NOBODY), cfg -> { });
    }

    /**
     * Starts serving.
     *
     * @param config host, port and limits
     * @param store the store the handlers use
     * @param spaceOps the push path, shared with the realtime WebSocket
     * @param extension adds routes and settings after this class's own (the realtime WebSocket endpoint)
     * @return the running server
     */
    public static HttpApi start(ServerConfig config, Store store, SpaceOps spaceOps,
                                Consumer<JavalinConfig> extension) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(spaceOps, "spaceOps");
        var app = Javalin.create(cfg -> {
            configure(cfg, config, store, spaceOps);
            extension.accept(cfg);
        });
        app.start();
        return new HttpApi(app);
    }

    private static void configure(JavalinConfig cfg, ServerConfig config, Store store, SpaceOps spaceOps) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.startup.startupWatcherEnabled = false;
        cfg.concurrency.useVirtualThreads = true;
        cfg.jetty.threadPool = threadPool();
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        cfg.jetty.modifyHttpConfiguration(HttpApi::tune);
        cfg.http.prefer405over404 = true;
        cfg.http.maxRequestSize = config.maxBodyBytes();
        cfg.jsonMapper(new JavalinJackson3(ProtocolJson.mapper(), true));
        cfg.requestLogger.http((ctx, millis) -> log.debug("Request {} {} {} -> {} in {} ms", RequestIds.of(ctx),
                ctx.method(), ctx.path(), ctx.statusCode(), millis));

        var routes = cfg.routes;
        ErrorHandling.install(routes);
        routes.before(RequestIds::assign);
        routes.before("/v1/*", new AuthFilter(store));
        routes.after(RequestIds::clear);
        new HealthRoutes(store).register(routes);
        new AccountRoutes(store, config.clock(), config.maxBodyBytes()).register(routes);
        new KeyRoutes(store, config.clock(), config.maxBodyBytes()).register(routes);
        new OpsRoutes(store, config, spaceOps).register(routes);
    }

    /**
     * Jetty's threads: platform threads for its acceptor and selector, virtual threads for every task that may block
     * (handlers). Not Javalin's all-virtual pool: a selector on a virtual thread was seen to miss the wakeup for a
     * just-accepted connection, which then sat unread (a WebSocket upgrade right after a restart went unanswered
     * until the client gave up 20 s later); Jetty and the JDK both advise against selecting on virtual threads.
     */
    static QueuedThreadPool threadPool() {
        var pool = new QueuedThreadPool(MAX_PLATFORM_THREADS, MIN_PLATFORM_THREADS);
        pool.setName("synckit-jetty");
        pool.setVirtualThreadsExecutor(
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("synckit-request-", 0).factory()));
        return pool;
    }

    /** Sets what Jetty keeps per connection: {@link #HEADER_CACHE_SIZE}. */
    static void tune(HttpConfiguration http) {
        http.setHeaderCacheSize(HEADER_CACHE_SIZE);
    }

    /** Returns the port the server listens on. */
    public int port() {
        return app.port();
    }

    /** Stops the server; requests in progress are given Jetty's stop timeout. */
    @Override
    public void close() {
        app.stop();
    }
}
