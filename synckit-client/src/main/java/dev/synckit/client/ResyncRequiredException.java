package dev.synckit.client;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ErrorCode;

/**
 * The server answered HTTP 410: the requested cursor lies below the space's compaction watermark, so the ops
 * after it are no longer all in the log. Pulling again from the same cursor will fail the same way; the device
 * must rebuild its copy from a snapshot.
 *
 * @since 0.1
 */
public final class ResyncRequiredException extends SyncKitException {

    private final @Nullable String requestId;

    /**
     * Creates the exception for a 410 answer.
     *
     * @param code the protocol error code of the answer, if it had one
     * @param message the server's explanation
     * @param requestId the server's request id, if it sent one
     */
    public ResyncRequiredException(@Nullable ErrorCode code, String message, @Nullable String requestId) {
        super(describe(410, code, message, requestId), code, null);
        this.requestId = requestId;
    }

    /** {@return the HTTP status, always 410} */
    public int status() {
        return 410;
    }

    /** {@return the id of the request in the server's log, if the server sent one} */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
