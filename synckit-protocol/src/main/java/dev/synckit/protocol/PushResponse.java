package dev.synckit.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link PushRequest}: one result per op, in request order.
 *
 * @param results one result per pushed op, in the same order
 * @param lastSeq the space's highest sequence number after the push
 * @since 0.1
 */
public record PushResponse(List<OpResult> results, long lastSeq) {

    /** Freezes the components. */
    public PushResponse {
        results = List.copyOf(Objects.requireNonNull(results, "results is required"));
    }
}
