package dev.synckit.client;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ErrorCode;

/**
 * The server answered with an error that no more specific exception describes: a bad request (4xx), a rate limit
 * (429), an internal error (5xx), or a successful status with a body that is not the expected JSON.
 *
 * @since 0.1
 */
public final class ServerException extends SyncKitException {

    private final int status;
    private final @Nullable String requestId;

    /**
     * Creates the exception for a server answer.
     *
     * @param status the HTTP status
     * @param code the protocol error code of the answer, if it had one
     * @param message the server's explanation, or what was wrong with its answer
     * @param requestId the server's request id, if it sent one
     */
    public ServerException(int status, @Nullable ErrorCode code, String message, @Nullable String requestId) {
        super(describe(status, code, message, requestId), code, null);
        this.status = status;
        this.requestId = requestId;
    }

    /** {@return the HTTP status of the answer} */
    public int status() {
        return status;
    }

    /** {@return the id of the request in the server's log, if the server sent one} */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
