package dev.synckit.client.internal.engine;

import java.util.Arrays;

/**
 * The log positions that one sync's pushes were given for this device's own ops, and the highest head the server
 * reported with them. When those positions are every seq after the pull cursor up to that head, the log holds
 * nothing there but ops this device wrote: a pull would download them only for the apply to skip them (a device
 * never applies its own ops), so the sync moves the cursor to the head instead and saves the request.
 *
 * <p>Only {@code applied} and {@code duplicate} results count (both name the seq that holds the op; a
 * {@code superseded} op has none). Any position not reported to this device (another device's op, one appended
 * between two batches) leaves a hole, and the sync pulls as usual. Confined to the syncing thread.
 */
final class OwnTail {

    private long[] seqs = new long[64];
    private int size;
    private long head = -1;

    /** Notes the seq the server gave one of this sync's pushed ops. */
    void pushed(long seq) {
        if (size == seqs.length) {
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        seqs[size++] = seq;
    }

    /** Notes the head a push response reported. */
    void head(long lastSeq) {
        head = Math.max(head, lastSeq);
    }

    /**
     * Returns the head if every seq after {@code cursor} up to it holds one of this sync's pushed ops.
     *
     * @param cursor the pull cursor
     * @return the head to move the cursor to, or -1 if the log may hold something else there (or nothing new)
     */
    long coveredHead(long cursor) {
        if (head <= cursor || size < head - cursor) {
            return -1;
        }
        var sorted = Arrays.copyOf(seqs, size);
        Arrays.sort(sorted);
        long expected = cursor + 1;
        for (long seq : sorted) {
            if (seq == expected) {
                expected++;
            } else if (seq > expected) {
                return -1;
            }
        }
        return expected == head + 1 ? head : -1;
    }
}
