package dev.synckit.server.internal.store;

import java.util.Map;
import java.util.Objects;

import dev.synckit.protocol.ErrorCode;

/**
 * A push refused as a whole ({@code unknown_device}, {@code op_id_conflict}, {@code hlc_regression}). Thrown inside
 * the append transaction, so the backend rolls back and nothing changes.
 */
public final class PushRejectedException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, String> details;

    /**
     * Creates the exception.
     *
     * @param code the protocol error code
     * @param message the explanation for the client, without payloads
     * @param details machine-readable extras, for example {@code max_hlc}
     */
    public PushRejectedException(ErrorCode code, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.details = Map.copyOf(details);
    }

    /** Returns the protocol error code. */
    public ErrorCode code() {
        return code;
    }

    /** Returns the machine-readable extras; may be empty. */
    public Map<String, String> details() {
        return details;
    }
}
