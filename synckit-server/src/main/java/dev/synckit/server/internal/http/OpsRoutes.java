package dev.synckit.server.internal.http;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.OpStatus;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /v1/spaces/{space}/ops} (push) and {@code GET /v1/spaces/{space}/ops} (pull).
 *
 * <p>Everything that can be checked without the store is checked first, on the request's virtual thread: space
 * syntax and access, content type, body size, JSON shape; then {@link SpaceOps} checks op count and op size, encodes
 * the ops and pushes them (the same path as a push over the realtime WebSocket).
 */
final class OpsRoutes {

    private static final Logger log = LoggerFactory.getLogger(OpsRoutes.class);
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,18}");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,9}");

    private final Store store;
    private final ServerConfig config;
    private final SpaceOps spaceOps;

    OpsRoutes(Store store, ServerConfig config, SpaceOps spaceOps) {
        this.store = store;
        this.config = config;
        this.spaceOps = spaceOps;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/spaces/{space}/ops", this::push);
        routes.get("/v1/spaces/{space}/ops", this::pull);
    }

    private void push(Context ctx) {
        var principal = AuthFilter.principal(ctx);
        var spaceId = space(ctx, principal);
        JsonBodies.requireJsonContentType(ctx);
        var request = PushBodies.parse(JsonBodies.readBytes(ctx, config.maxBodyBytes()));
        int count = request.ops().size();
        var response = spaceOps.push(spaceId, principal.userId(), request);
        if (log.isDebugEnabled()) {
            long applied = response.results().stream().filter(r -> r.status() == OpStatus.APPLIED).count();
            log.debug("Request {} pushed {} ops ({} applied) from device {} to space {}; head {}", RequestIds.of(ctx),
                    count, applied, request.deviceId(), spaceId, response.lastSeq());
        }
        JsonBodies.write(ctx, 200, response);
    }

    private void pull(Context ctx) {
        var principal = AuthFilter.principal(ctx);
        var spaceId = space(ctx, principal);
        long after = after(ctx.queryParam("after"));
        int limit = limit(ctx.queryParam("limit"));
        var page = store.pullLog(spaceId, after, limit, config.maxBodyBytes());
        log.debug("Request {} pulled {} ops of space {} after {}", RequestIds.of(ctx), page.ops().size(), spaceId,
                after);
        // Streamed (chunked): the page is generated straight into the response, never held as one large array.
        ctx.status(200).contentType(JsonBodies.JSON);
        page.writeJson(ctx.outputStream());
    }

    /** Resolves {@code {space}} ({@code default} or a UUID) and checks that the caller may use it. */
    private UUID space(Context ctx, Principal principal) {
        String raw = ctx.pathParam("space");
        UUID spaceId;
        if (raw.equals("default")) {
            spaceId = principal.defaultSpaceId();
        } else if (UUID_TEXT.matcher(raw).matches()) {
            spaceId = UUID.fromString(raw);
        } else {
            throw new ApiException(ErrorCode.BAD_REQUEST, "space must be a UUID or 'default'");
        }
        spaceOps.requireAccess(spaceId, principal.userId());
        return spaceId;
    }

    private static long after(@Nullable String raw) {
        if (raw == null) {
            return 0;
        }
        if (!CURSOR.matcher(raw).matches()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "after must be a non-negative integer (a seq)");
        }
        return Long.parseLong(raw);
    }

    private int limit(@Nullable String raw) {
        if (raw == null) {
            return config.defaultPullLimit();
        }
        int max = config.maxPullLimit();
        if (!LIMIT.matcher(raw).matches() || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > max) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be an integer within 1.." + max);
        }
        return Integer.parseInt(raw);
    }
}
