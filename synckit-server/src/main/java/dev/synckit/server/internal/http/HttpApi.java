package dev.synckit.server.internal.http;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import org.eclipse.jetty.server.HttpConfiguration;
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
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

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
        var nobody = new AppendListener() {
            @Override
            public void appended(UUID spaceId, long head) {
                // no realtime subscribers in this server
            }

            @Override
            public void appendsMayHaveBeenMissed() {
                // no realtime subscribers in this server
            }
        };
        return start(config, store, new SpaceOps(store, config, nobody), cfg -> { });
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
