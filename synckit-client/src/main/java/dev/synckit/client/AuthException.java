package dev.synckit.client;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ErrorCode;

/**
 * The server did not accept the credentials (HTTP 401) or refused the caller access to the resource (HTTP 403).
 * Retrying with the same API key or token will not help; the user must sign in again or be given access.
 *
 * @since 0.1
 */
public final class AuthException extends SyncKitException {

    private final int status;
    private final @Nullable String requestId;

    /**
     * Creates the exception for a server answer.
     *
     * @param status the HTTP status, 401 or 403
     * @param code the protocol error code of the answer, if it had one
     * @param message the server's explanation, without secrets
     * @param requestId the server's request id, if it sent one
     */
    public AuthException(int status, @Nullable ErrorCode code, String message, @Nullable String requestId) {
        super(describe(status, code, message, requestId), code, null);
        this.status = status;
        this.requestId = requestId;
    }

    /** {@return the HTTP status, 401 or 403} */
    public int status() {
        return status;
    }

    /** {@return the id of the request in the server's log, if the server sent one} */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
