package dev.synckit.server.internal.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.KeyBlobVersion;
import dev.synckit.protocol.PutKeyBlobRequest;
import dev.synckit.server.internal.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /v1/keys} and {@code PUT /v1/keys}: the caller's wrapped-key blob (docs/ENCRYPTION.md), one per user,
 * opaque to the server, written by compare-and-set on its version.
 */
final class KeyRoutes {

    /** Room for the JSON around the largest blob, escapes included. */
    private static final long MAX_BODY_BYTES = 8L * PutKeyBlobRequest.MAX_BLOB_BYTES;

    private final Store store;
    private final Clock clock;
    private final long maxBodyBytes;

    KeyRoutes(Store store, Clock clock, long maxBodyBytes) {
        this.store = store;
        this.clock = clock;
        this.maxBodyBytes = Math.min(maxBodyBytes, MAX_BODY_BYTES);
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/keys", this::get);
        routes.put("/v1/keys", this::put);
    }

    private void get(Context ctx) {
        var p = AuthFilter.principal(ctx);
        var blob = store.keyBlob(p.userId())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no key blob has been stored for this user"));
        JsonBodies.write(ctx, 200, blob);
    }

    private void put(Context ctx) {
        var p = AuthFilter.principal(ctx);
        JsonBodies.requireJsonContentType(ctx);
        var request = JsonBodies.read(ctx, PutKeyBlobRequest.class, maxBodyBytes);
        if (request.blob().getBytes(StandardCharsets.UTF_8).length > PutKeyBlobRequest.MAX_BLOB_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "blob is larger than the limit of " + PutKeyBlobRequest.MAX_BLOB_BYTES + " bytes");
        }
        var version = store.putKeyBlob(p.userId(), request.blob(), request.expectedVersion(), Instant.now(clock))
                .orElseThrow(() -> new ApiException(ErrorCode.VERSION_CONFLICT, request.expectedVersion() == 0
                        ? "a key blob already exists; read it and send its version as expected_version"
                        : "the stored key blob is not at expected_version; read it again and retry"));
        JsonBodies.write(ctx, 200, new KeyBlobVersion(version));
    }
}
