package dev.synckit.client.internal.realtime;

import java.util.List;

import dev.synckit.protocol.SequencedOp;

/**
 * What to do with ops the server streamed, given the local cursor: the rule that keeps streamed ops from being
 * applied twice or out of order. Ops at or below the cursor were applied already (by an HTTP pull that overtook the
 * stream) and are dropped; the rest is applied only if it starts exactly at cursor + 1 and has no hole; anything
 * else is a gap, which an HTTP pull closes.
 */
public sealed interface StreamPlan permits StreamPlan.Skip, StreamPlan.Apply, StreamPlan.Gap {

    /** Everything was applied already. */
    record Skip() implements StreamPlan {
    }

    /**
     * Apply these ops (the ones above the cursor), in one transaction.
     *
     * @param ops contiguous ops starting at cursor + 1
     */
    record Apply(List<SequencedOp> ops) implements StreamPlan {

        /** Freezes the list. */
        public Apply {
            ops = List.copyOf(ops);
        }

        /** Returns the seq of the last op: the cursor after the apply. */
        public long lastSeq() {
            return ops.getLast().seq();
        }
    }

    /** Ops are missing between the cursor and the stream: pull over HTTP. */
    record Gap() implements StreamPlan {
    }

    /**
     * Plans the apply of streamed ops.
     *
     * @param cursor the highest seq applied locally
     * @param ops the streamed ops, in the order received
     * @return the plan
     */
    static StreamPlan of(long cursor, List<SequencedOp> ops) {
        int first = 0;
        while (first < ops.size() && ops.get(first).seq() <= cursor) {
            first++;
        }
        if (first == ops.size()) {
            return new Skip();
        }
        long expected = cursor + 1;
        for (int i = first; i < ops.size(); i++, expected++) {
            if (ops.get(i).seq() != expected) {
                return new Gap();
            }
        }
        return new Apply(ops.subList(first, ops.size()));
    }
}
