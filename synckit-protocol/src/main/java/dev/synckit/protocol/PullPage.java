package dev.synckit.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One page of a space's log ({@code GET /v1/spaces/{space}/ops?after=N&limit=M}).
 *
 * <p>The ops are in strictly increasing {@code seq} order, all greater than the requested cursor. A client saves
 * {@code next_cursor} after applying the page and asks again while {@code has_more} is true.
 *
 * @param ops the ops, in sequence order
 * @param nextCursor the cursor to ask from next: the last op's seq, or the request's cursor for an empty page
 * @param hasMore whether more ops follow right now
 * @since 0.1
 */
public record PullPage(List<SequencedOp> ops, long nextCursor, boolean hasMore) {

    /** Freezes the components. */
    public PullPage {
        ops = List.copyOf(Objects.requireNonNull(ops, "ops is required"));
    }
}
