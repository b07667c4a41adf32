package dev.synckit.protocol;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of every error response: {@code {"code": …, "message": …, "request_id": …}}.
 *
 * <p>{@code details} carries machine-readable extras of some codes, for example {@code max_hlc} for
 * {@link ErrorCode#HLC_REGRESSION}; it is omitted when empty. Messages never contain payloads or secrets.
 *
 * @param code what went wrong
 * @param message a human-readable explanation
 * @param requestId the id of the request in the server's log
 * @param details extra facts for some codes; never null, may be empty
 * @since 0.1
 */
public record ApiError(
        ErrorCode code,
        String message,
        String requestId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> details) {

    /** Validates and freezes the components. */
    public ApiError {
        Objects.requireNonNull(code, "code is required");
        Objects.requireNonNull(message, "message is required");
        Objects.requireNonNull(requestId, "request_id is required");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** An error without details. */
    public ApiError(ErrorCode code, String message, String requestId) {
        this(code, message, requestId, Map.of());
    }
}
