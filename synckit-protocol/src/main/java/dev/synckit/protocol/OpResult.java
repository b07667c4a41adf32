package dev.synckit.protocol;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The server's answer for one pushed op.
 *
 * @param opId the op
 * @param status what happened
 * @param seq the op's sequence number when it is in the log ({@code applied}, {@code duplicate}), else null
 * @param reason why the op was rejected or superseded, else null
 * @since 0.1
 */
public record OpResult(UUID opId, OpStatus status, @Nullable Long seq, @Nullable String reason) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code opId} or {@code status} is missing
     */
    public OpResult {
        Objects.requireNonNull(opId, "op_id is required");
        Objects.requireNonNull(status, "status is required");
    }
}
