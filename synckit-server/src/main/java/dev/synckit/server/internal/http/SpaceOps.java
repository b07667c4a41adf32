package dev.synckit.server.internal.http;

import java.util.ArrayList;
import java.util.Objects;
import java.util.UUID;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.PushResponse;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.store.AppendListener;
import dev.synckit.server.internal.store.EncodedOp;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.Store;

/**
 * What a push and a subscription do to a space, the same for the HTTP API and the realtime WebSocket: the access
 * check, and the push path (limits, encoding, the store's push, then telling the realtime fan-out).
 *
 * <p>One path for both transports, so a push over the socket has exactly the HTTP push's validation, limits and
 * idempotency. Everything that can be checked without the store is checked first, on the caller's (virtual) thread,
 * and the ops are encoded there too, so the store's single writer only merges and writes. Safe for concurrent use.
 */
public final class SpaceOps {

    private final Store store;
    private final ServerConfig config;
    private final AppendListener appended;

    /**
     * Creates the path.
     *
     * @param store the store
     * @param config the limits
     * @param appended told, after the push committed, about every push that appended ops
     */
    public SpaceOps(Store store, ServerConfig config, AppendListener appended) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.appended = Objects.requireNonNull(appended, "appended");
    }

    /**
     * Checks that a user may read and write a space.
     *
     * @param spaceId the space
     * @param userId the user
     * @throws ApiException {@code 404 not_found} for an unknown space, {@code 403 forbidden} for one the user is not
     *                      a member of
     */
    public void requireAccess(UUID spaceId, UUID userId) {
        switch (store.access(spaceId, userId)) {
            case NO_SUCH_SPACE -> throw new ApiException(ErrorCode.NOT_FOUND, "no space " + spaceId);
            case DENIED -> throw new ApiException(ErrorCode.FORBIDDEN, "you are not a member of space " + spaceId);
            case READ_WRITE -> {
                // allowed
            }
        }
    }

    /**
     * Pushes ops into a space the caller may write (see {@link #requireAccess}).
     *
     * @param spaceId the space
     * @param userId the caller
     * @param request the device and its ops
     * @return one result per op and the space's head
     * @throws ApiException {@code 413 batch_too_large} if the push has too many ops or too large an op
     * @throws dev.synckit.server.internal.store.PushRejectedException if the store refuses the push
     */
    public PushResponse push(UUID spaceId, UUID userId, PushRequest request) {
        int count = request.ops().size();
        if (count > config.maxOpsPerPush()) {
            throw new ApiException(ErrorCode.BATCH_TOO_LARGE, "a push carries at most " + config.maxOpsPerPush()
                    + " ops and this one has " + count + "; split it into smaller pushes");
        }
        var encoded = new ArrayList<EncodedOp>(count);
        for (int i = 0; i < count; i++) {
            var op = OpCodec.encode(request.ops().get(i));
            if (op.fieldsBytes() > config.maxOpBytes()) {
                throw new ApiException(ErrorCode.BATCH_TOO_LARGE, "ops[" + i + "] has " + op.fieldsBytes()
                        + " bytes of fields; one op carries at most " + config.maxOpBytes() + " bytes");
            }
            encoded.add(op);
        }
        var response = store.push(spaceId, userId, request.deviceId(), encoded);
        if (response.results().stream().anyMatch(r -> r.status() == OpStatus.APPLIED)) {
            appended.appended(spaceId, response.lastSeq());
        }
        return response;
    }
}
