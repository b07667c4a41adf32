package dev.synckit.server.internal.ws;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.http.ApiException;
import dev.synckit.server.internal.http.AuthFilter;
import dev.synckit.server.internal.http.ErrorHandling;
import dev.synckit.server.internal.http.SpaceOps;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.PushRejectedException;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.StoreException;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;

/**
 * {@code GET /v1/ws}: authenticates the upgrade request like any {@code /v1} request (no or a bad key is
 * {@code 401} before the upgrade), then turns each client frame into an action on the {@link RealtimeHub} or the
 * shared push path, answering refusals with {@code error} frames and leaving the connection open.
 *
 * <p>Limits: a text frame larger than {@link ServerConfig#maxBodyBytes()} closes the connection with {@code 1009}
 * (Jetty), a binary frame is refused, at most {@value RealtimeHub#MAX_SUBSCRIPTIONS} subscriptions per connection. The
 * API key is checked again (it may have been revoked) on every {@code subscribe} and {@code push}; a revoked key
 * closes the connection with {@code 1008}. Handlers run on Jetty's (virtual) threads, one frame of a connection at a
 * time. No frame content is logged.
 */
final class WsEndpoint {

    private static final String CREDENTIALS = "synckit.ws.credentials";
    private static final int MAX_BINARY_BYTES = 1024;
    private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);

    /** Who opened the connection, resolved before the upgrade. */
    private record Credentials(Principal principal, byte[] keyHash) {
    }

    private final RealtimeHub hub;
    private final Store store;
    private final SpaceOps spaceOps;
    private final ServerConfig config;

    WsEndpoint(RealtimeHub hub, Store store, SpaceOps spaceOps, ServerConfig config) {
        this.hub = hub;
        this.store = store;
        this.spaceOps = spaceOps;
        this.config = config;
    }

    void register(JavalinConfig cfg) {
        cfg.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(config.maxBodyBytes());
            factory.setMaxBinaryMessageSize(MAX_BINARY_BYTES);
            factory.setIdleTimeout(RealtimeHub.IDLE_TIMEOUT);
        });
        var auth = new AuthFilter(store);
        cfg.routes.wsBeforeUpgrade(RealtimeHub.PATH, ctx -> {
            // Javalin opens an HTTP session for every upgrade request; this endpoint has no use for it, and an
            // in-memory session per (re)connection would pile up.
            var httpSession = ctx.req().getSession(false);
            if (httpSession != null) {
                httpSession.invalidate();
            }
            try {
                auth.handle(ctx);
            } catch (ApiException e) {
                ErrorHandling.respondNow(ctx, e); // 401 with its JSON body, before the upgrade
                throw e;
            } catch (StoreException e) {
                ErrorHandling.respondNow(ctx, new ApiException(ErrorCode.UNAVAILABLE,
                        "the store is busy or unavailable; retry later"));
                throw e;
            }
            var secret = ApiKeys.secretFromAuthorization(String.valueOf(ctx.header("Authorization"))).orElseThrow();
            ctx.attribute(CREDENTIALS, new Credentials(AuthFilter.principal(ctx), ApiKeys.hash(secret)));
        });
        cfg.routes.ws(RealtimeHub.PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::message);
            ws.onBinaryMessage(ctx -> refuse(ctx, new ApiException(ErrorCode.BAD_REQUEST,
                    "frames are JSON text; binary frames are not part of the protocol")));
            ws.onClose(this::closed);
            ws.onError(this::failed);
        });
    }

    private void connected(WsConnectContext ctx) {
        Credentials credentials = ctx.attribute(CREDENTIALS);
        if (credentials == null) {
            ctx.closeSession(1011, "no credentials"); // the before-upgrade handler always sets them
            return;
        }
        hub.open(ctx.sessionId(), credentials.principal(), credentials.keyHash(), new JettySink(ctx.session));
        log.debug("Realtime connection {} opened by user {} with key {}", ctx.sessionId(),
                credentials.principal().userId(), credentials.principal().keyId());
    }

    private void message(WsMessageContext ctx) {
        var session = hub.session(ctx.sessionId());
        if (session == null || session.isClosed()) {
            return;
        }
        ClientFrame frame;
        try {
            frame = Frames.decode(ctx.message());
        } catch (ApiException e) {
            session.send(new ServerFrame.Error(null, null, e.code(), e.getMessage(), e.details()));
            return;
        }
        try {
            switch (frame) {
                case ClientFrame.Subscribe s -> subscribe(session, s);
                case ClientFrame.Ack a -> ack(session, a);
                case ClientFrame.Push p -> push(session, p);
                case ClientFrame.Ping p -> session.send(new ServerFrame.Pong());
            }
        } catch (RuntimeException e) {
            session.send(error(session, frame, e));
        }
    }

    private void subscribe(WsSession session, ClientFrame.Subscribe s) {
        if (!keyStillActive(session)) {
            return;
        }
        var user = session.principal().userId();
        spaceOps.requireAccess(s.spaceId(), user);
        if (store.devices(user).stream().noneMatch(d -> d.deviceId().equals(s.deviceId()))) {
            throw new ApiException(ErrorCode.UNKNOWN_DEVICE, "device " + s.deviceId()
                    + " is not registered to this account; register it with POST /v1/devices");
        }
        if (session.subscription(s.spaceId()) == null && session.subscriptionCount() >= RealtimeHub.MAX_SUBSCRIPTIONS) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a connection subscribes to at most "
                    + RealtimeHub.MAX_SUBSCRIPTIONS + " spaces; open another connection");
        }
        hub.subscribe(session, s.spaceId(), s.deviceId(), s.after());
        log.debug("Realtime connection {} subscribed to space {} after {}", session.id(), s.spaceId(), s.after());
    }

    private void ack(WsSession session, ClientFrame.Ack a) {
        var subscription = session.subscription(a.spaceId());
        if (subscription == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "subscribe to space " + a.spaceId() + " before acking it");
        }
        hub.ack(subscription, a.seq());
    }

    private void push(WsSession session, ClientFrame.Push p) {
        if (!keyStillActive(session)) {
            return;
        }
        var user = session.principal().userId();
        spaceOps.requireAccess(p.spaceId(), user);
        var response = spaceOps.push(p.spaceId(), user, p.toPushRequest());
        session.send(new ServerFrame.PushResult(p.requestId(), response.results(), response.lastSeq()));
        log.debug("Realtime connection {} pushed {} ops to space {}; head {}", session.id(), p.ops().size(),
                p.spaceId(), response.lastSeq());
    }

    /** A key revoked since the upgrade ends the connection: no more ops for credentials that no longer hold. */
    private boolean keyStillActive(WsSession session) {
        var now = store.authenticate(session.keyHash());
        if (now.isPresent() && now.get().userId().equals(session.principal().userId())) {
            return true;
        }
        log.info("Closing realtime connection {}: its API key {} was revoked", session.id(),
                session.principal().keyId());
        session.close(WsSession.POLICY_VIOLATION, "unauthorized: the API key was revoked");
        return false;
    }

    private static ServerFrame.Error error(WsSession session, ClientFrame frame, RuntimeException e) {
        String requestId = frame instanceof ClientFrame.Push p ? p.requestId() : null;
        UUID spaceId = switch (frame) {
            case ClientFrame.Subscribe s -> s.spaceId();
            case ClientFrame.Ack a -> a.spaceId();
            case ClientFrame.Push p -> p.spaceId();
            case ClientFrame.Ping p -> null;
        };
        return switch (e) {
            case ApiException a -> new ServerFrame.Error(requestId, spaceId, a.code(), a.getMessage(), a.details());
            case PushRejectedException r -> new ServerFrame.Error(requestId, spaceId, r.code(), r.getMessage(),
                    r.details());
            case StoreException s when s.transientFailure() -> {
                log.warn("Realtime connection {} could not reach the store: {}", session.id(), s.getMessage());
                yield new ServerFrame.Error(requestId, spaceId, ErrorCode.UNAVAILABLE,
                        "the store is busy or unavailable; retry later", Map.of());
            }
            default -> {
                log.error("Realtime connection {} failed unexpectedly on a {} frame", session.id(),
                        frame.getClass().getSimpleName(), e);
                yield new ServerFrame.Error(requestId, spaceId, ErrorCode.INTERNAL,
                        "unexpected server error; the server's log has the details", Map.of());
            }
        };
    }

    private void refuse(WsContext ctx, ApiException e) {
        var session = hub.session(ctx.sessionId());
        if (session != null) {
            session.send(new ServerFrame.Error(null, null, e.code(), e.getMessage(), e.details()));
        }
    }

    private void closed(WsCloseContext ctx) {
        var session = hub.session(ctx.sessionId());
        if (session != null) {
            hub.closed(session);
            log.debug("Realtime connection {} closed: {} {}", ctx.sessionId(), ctx.status(), reason(ctx.reason()));
        }
    }

    private void failed(WsErrorContext ctx) {
        // Jetty reports the close separately; this only explains it.
        log.debug("Realtime connection {} failed: {}", ctx.sessionId(), String.valueOf(ctx.error()));
    }

    private static String reason(@Nullable String reason) {
        return reason == null ? "" : reason;
    }
}
