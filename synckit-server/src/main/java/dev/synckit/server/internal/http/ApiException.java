package dev.synckit.server.internal.http;

import java.util.Map;
import java.util.Objects;

import dev.synckit.protocol.ErrorCode;

/**
 * A request refused with a protocol error: the status, the {@link ErrorCode} and a message that states the rule.
 * No stack trace is captured; these are expected outcomes, not bugs.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final ErrorCode code;
    private final Map<String, String> details;

    ApiException(int status, ErrorCode code, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.details = Map.copyOf(details);
    }

    ApiException(int status, ErrorCode code, String message) {
        this(status, code, message, Map.of());
    }

    /** An error with the code's usual status. */
    ApiException(ErrorCode code, String message) {
        this(code.httpStatus(), code, message);
    }

    int status() {
        return status;
    }

    ErrorCode code() {
        return code;
    }

    Map<String, String> details() {
        return details;
    }
}
