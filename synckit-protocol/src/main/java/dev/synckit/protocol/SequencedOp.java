package dev.synckit.protocol;

import java.util.Objects;

/**
 * An op as stored in a space's log, with the sequence number the server gave it.
 *
 * @param seq the op's position in its space's log, {@code >= 1}, strictly increasing in pull order
 * @param op the op
 * @since 0.1
 */
public record SequencedOp(long seq, Op op) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code seq < 1}
     */
    public SequencedOp {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1");
        }
        Objects.requireNonNull(op, "op is required");
    }
}
