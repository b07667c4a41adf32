package dev.synckit.client;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;

/**
 * The server refused a whole push batch with HTTP 409 and changed nothing: either an op id was seen before with
 * different content ({@link ErrorCode#OP_ID_CONFLICT}), or the device's clock went backwards
 * ({@link ErrorCode#HLC_REGRESSION}); then {@link #maxHlc()} is the largest clock the server has stored for the
 * device, and the client must move its clock past it and re-stamp the ops it has not had acknowledged.
 * {@link SyncEngine} does this itself and retries once before it lets this exception through.
 *
 * @since 0.1
 */
public final class ConflictException extends SyncKitException {

    private final @Nullable String requestId;
    /** The encoded clock: exceptions are serializable, {@link Hlc} is not. */
    private final @Nullable String maxHlc;

    /**
     * Creates the exception for a 409 answer.
     *
     * @param code the protocol error code of the answer, if it had one
     * @param message the server's explanation
     * @param requestId the server's request id, if it sent one
     * @param maxHlc the server's stored maximum clock for the device, for {@code hlc_regression}
     */
    public ConflictException(@Nullable ErrorCode code, String message, @Nullable String requestId,
                             @Nullable Hlc maxHlc) {
        super(describe(409, code, message, requestId), code, null);
        this.requestId = requestId;
        this.maxHlc = maxHlc == null ? null : maxHlc.encode();
    }

    /** {@return the HTTP status, always 409} */
    public int status() {
        return 409;
    }

    /** {@return the id of the request in the server's log, if the server sent one} */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * Returns the largest clock the server has stored for the pushing device, sent with
     * {@link ErrorCode#HLC_REGRESSION}.
     *
     * @return the server's maximum clock for the device, or empty
     */
    public Optional<Hlc> maxHlc() {
        return Optional.ofNullable(maxHlc).map(Hlc::parse);
    }
}
