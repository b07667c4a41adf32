package dev.synckit.server.internal.http;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.server.internal.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /health} (the process answers) and {@code /ready} (the store answers a query). No authentication. */
final class HealthRoutes {

    private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);

    private final Store store;

    HealthRoutes(Store store) {
        this.store = store;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", ctx -> JsonBodies.write(ctx, 200, Map.of("status", "ok")));
        routes.get("/ready", this::ready);
    }

    private void ready(Context ctx) {
        try {
            store.ping();
        } catch (RuntimeException e) {
            // Not ready is an answer, not a failure of this request: report it as 503 and keep the cause in the log.
            log.warn("Readiness check {} failed: {}", RequestIds.of(ctx), e.toString());
            throw new ApiException(ErrorCode.UNAVAILABLE, "the store does not answer; retry later");
        }
        JsonBodies.write(ctx, 200, Map.of("status", "ready"));
    }
}
