package dev.synckit.server.internal.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.MDC;

import io.javalin.http.Context;

/**
 * Gives every request an id: sent back in {@code X-Request-Id}, put in every error body and in the logging MDC
 * ({@code request_id}), so an operator can find a client's failed request in the log. Ids are generated, never
 * taken from the client, so they are safe to log.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    private static final String ATTRIBUTE = "synckit.requestId";

    private RequestIds() {
    }

    /** A before-handler: assigns the request's id. */
    static void assign(Context ctx) {
        of(ctx);
    }

    /** An after-handler: clears the logging context of the handler thread. */
    static void clear(Context ctx) {
        MDC.remove(MDC_KEY);
    }

    /** Returns the request's id, assigning one if the request has none yet. */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = "req_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            ctx.attribute(ATTRIBUTE, id);
            ctx.header(HEADER, id);
            MDC.put(MDC_KEY, id);
        }
        return id;
    }
}
