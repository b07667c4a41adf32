package dev.synckit.server.internal.http;

import java.io.IOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ApiError;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.server.internal.store.PushRejectedException;
import dev.synckit.server.internal.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/**
 * The one place that turns failures into responses: every error is an {@link ApiError} JSON body with the request
 * id. Expected refusals keep their status and code; Javalin's own 404/405 become {@code not_found} /
 * {@code method_not_allowed}; a store that is busy or closed is {@code 503 unavailable}; anything else is
 * {@code 500 internal} with no stack trace or payload in the body (the stack trace goes to the log, with the id).
 */
public final class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {
    }

    static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e.status(), e.code(), e.getMessage(),
                e.details()));
        routes.exception(PushRejectedException.class, (e, ctx) -> respond(ctx, e.code().httpStatus(), e.code(),
                e.getMessage(), e.details()));
        routes.exception(HttpResponseException.class, ErrorHandling::javalinError);
        routes.exception(StoreException.class, ErrorHandling::storeError);
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Request {} {} {} failed unexpectedly", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
            respond(ctx, 500, ErrorCode.INTERNAL, "unexpected server error; quote the request id when reporting it",
                    Map.of());
        });
    }

    private static void javalinError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        var code = forStatus(status);
        String message = switch (status) {
            case 404 -> "no endpoint " + ctx.method() + " " + ctx.path() + "; see docs/PROTOCOL.md";
            case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
            default -> e.getMessage() == null ? "request refused" : e.getMessage();
        };
        respond(ctx, status, code, message, Map.of());
    }

    private static void storeError(StoreException e, Context ctx) {
        if (e.transientFailure()) {
            log.warn("Request {} could not reach the store: {}", RequestIds.of(ctx), e.getMessage());
            respond(ctx, 503, ErrorCode.UNAVAILABLE, "the store is busy or unavailable; retry later", Map.of());
        } else {
            log.error("Request {} {} {} failed in the store", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
            respond(ctx, 500, ErrorCode.INTERNAL, "unexpected store error; quote the request id when reporting it",
                    Map.of());
        }
    }

    /**
     * Writes a refusal straight to the servlet response and commits it: for a WebSocket upgrade request, whose
     * handlers' results Javalin does not write (a later exception mapping of the same request changes nothing).
     *
     * @param ctx the upgrade request
     * @param e the refusal
     */
    public static void respondNow(Context ctx, ApiException e) {
        respond(ctx, e.status(), e.code(), e.getMessage(), e.details());
        var res = ctx.res();
        try {
            var body = ProtocolJson.mapper().writeValueAsBytes(new ApiError(e.code(), e.getMessage(),
                    RequestIds.of(ctx), e.details()));
            res.setStatus(e.status());
            res.setContentType(JsonBodies.JSON);
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            res.flushBuffer();
        } catch (IOException io) {
            // The client went away during its own refusal: nothing left to tell it.
            log.debug("Request {} could not be answered: {}", RequestIds.of(ctx), io.getMessage());
        }
    }

    /** Writes an error body. */
    static void respond(Context ctx, int status, ErrorCode code, String message, Map<String, String> details) {
        String requestId = RequestIds.of(ctx);
        // Set again: an exception may have reset the response headers.
        ctx.header(RequestIds.HEADER, requestId);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"synckit\"");
        }
        if (status < 500) {
            log.debug("Request {} refused: {} {}", requestId, status, code.wire());
        }
        JsonBodies.write(ctx, status, new ApiError(code, message, requestId, details));
    }

    /** The error code for a status that was not produced by an {@link ApiException}. */
    static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }
}
