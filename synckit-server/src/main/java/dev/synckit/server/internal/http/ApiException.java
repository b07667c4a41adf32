package dev.synckit.server.internal.http;

import java.util.Map;
import java.util.Objects;

import dev.synckit.protocol.ErrorCode;

/**
 * A request refused with a protocol error: the status, the {@link ErrorCode} and a message that states the rule.
 * No stack trace is captured; these are expected outcomes, not bugs.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final ErrorCode code;
    private final Map<String, String> details;

    /**
     * Creates the exception.
     *
     * @param status the HTTP status
     * @param code the error code
     * @param message the rule that was broken, without payload values
     * @param details extra facts for some codes
     */
    public ApiException(int status, ErrorCode code, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.details = Map.copyOf(details);
    }

    /**
     * Creates the exception without details.
     *
     * @param status the HTTP status
     * @param code the error code
     * @param message the rule that was broken, without payload values
     */
    public ApiException(int status, ErrorCode code, String message) {
        this(status, code, message, Map.of());
    }

    /**
     * Creates the exception with the code's usual status.
     *
     * @param code the error code
     * @param message the rule that was broken, without payload values
     */
    public ApiException(ErrorCode code, String message) {
        this(code.httpStatus(), code, message);
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the error code. */
    public ErrorCode code() {
        return code;
    }

    /** Returns the extra facts, possibly empty. */
    public Map<String, String> details() {
        return details;
    }
}
