package dev.synckit.server.internal.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.Store;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Authenticates every {@code /v1/*} request by its API key ({@code Authorization: Bearer sk_…}). The key is looked
 * up by its SHA-256 on every request, with no cache, so a revoked key stops working at once. Missing, malformed,
 * unknown and revoked keys all get {@code 401 unauthorized}; the key itself is never logged.
 */
public final class AuthFilter implements Handler {

    private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);
    private static final String ATTRIBUTE = "synckit.principal";

    private final Store store;

    /**
     * Creates the filter.
     *
     * @param store where keys are looked up
     */
    public AuthFilter(Store store) {
        this.store = store;
    }

    @Override
    public void handle(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw unauthorized("missing credentials; send 'Authorization: Bearer <api key>'");
        }
        var secret = ApiKeys.secretFromAuthorization(header)
                .orElseThrow(() -> unauthorized("malformed Authorization header; expected 'Bearer sk_…'"));
        var principal = store.authenticate(ApiKeys.hash(secret))
                .orElseThrow(() -> unauthorized("unknown or revoked API key"));
        log.debug("Request {} authenticated as user {} with key {}", RequestIds.of(ctx), principal.userId(),
                principal.keyId());
        ctx.attribute(ATTRIBUTE, principal);
    }

    /**
     * Returns the authenticated caller of a request this filter let through.
     *
     * @param ctx the request
     * @return the principal
     * @throws IllegalStateException if the request did not pass the filter
     */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        if (p == null) {
            throw new IllegalStateException("no principal: the route is not behind the auth filter");
        }
        return p;
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message);
    }
}
