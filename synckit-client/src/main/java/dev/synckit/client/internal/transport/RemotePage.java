package dev.synckit.client.internal.transport;

import java.util.List;

/**
 * A pulled page as decoded by {@link PageDecoder}: the ops in sequence order, the cursor to ask from next, and
 * whether more ops follow ({@code PullPage} on the wire).
 *
 * @param ops the ops, in sequence order
 * @param nextCursor the cursor to save once the page is applied
 * @param hasMore whether more ops follow right now
 * @param maxHlc the largest clock of any op in the page (encoded), or null for an empty page
 */
public record RemotePage(List<RemoteOp> ops, long nextCursor, boolean hasMore,
                         @org.jspecify.annotations.Nullable String maxHlc) {

    /** Freezes the list. */
    public RemotePage {
        ops = List.copyOf(ops);
    }
}
