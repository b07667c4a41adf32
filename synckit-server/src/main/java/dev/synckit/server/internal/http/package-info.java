/**
 * The HTTP API on Javalin: routes, authentication filter, request ids, JSON bodies and the one error mapping.
 *
 * <p>Every handler runs on a virtual thread, reads and writes JSON with {@code ProtocolJson}, and fails only by
 * throwing {@link dev.synckit.server.internal.http.ApiException} (or letting a store exception through); the
 * mapping in {@link dev.synckit.server.internal.http.ErrorHandling} turns every failure into an {@code ApiError}
 * body with the request id. Nothing is written to the store before a request has been fully validated.
 */
@NullMarked
package dev.synckit.server.internal.http;

import org.jspecify.annotations.NullMarked;
