package dev.synckit.client.internal.transport;

import java.util.Objects;
import java.util.UUID;

/**
 * The ops of a realtime {@code ops} frame as {@link FrameDecoder} decodes them: a page for the pull's apply path.
 *
 * @param spaceId the space the ops belong to
 * @param page the ops, not empty and with contiguous seqs; its cursor is the last op's seq, and no more follow
 */
public record StreamedOps(UUID spaceId, RemotePage page) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the page is empty or its seqs are not contiguous and increasing
     */
    public StreamedOps {
        Objects.requireNonNull(spaceId, "spaceId");
        var ops = page.ops();
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("ops must not be empty");
        }
        for (int i = 1; i < ops.size(); i++) {
            if (ops.get(i).seq() != ops.get(i - 1).seq() + 1) {
                throw new IllegalArgumentException("ops must have contiguous, increasing seqs");
            }
        }
        if (page.nextCursor() != ops.getLast().seq() || page.hasMore()) {
            throw new IllegalArgumentException("a streamed page ends at its last op");
        }
    }

    /** {@return the seq of the first op} */
    public long firstSeq() {
        return page.ops().getFirst().seq();
    }

    /** {@return the seq of the last op} */
    public long lastSeq() {
        return page.nextCursor();
    }
}
