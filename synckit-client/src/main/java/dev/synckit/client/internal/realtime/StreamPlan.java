package dev.synckit.client.internal.realtime;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.internal.transport.RemoteOp;
import dev.synckit.client.internal.transport.RemotePage;

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
     * Apply these ops (the ones above the cursor) as one page, in one transaction.
     *
     * @param page contiguous ops starting at cursor + 1; its cursor is the last op's seq
     */
    record Apply(RemotePage page) implements StreamPlan {

        /** Returns the seq of the last op: the cursor after the apply. */
        public long lastSeq() {
            return page.nextCursor();
        }
    }

    /** Ops are missing between the cursor and the stream: pull over HTTP. */
    record Gap() implements StreamPlan {
    }

    /**
     * Plans the apply of streamed ops.
     *
     * @param cursor the highest seq applied locally
     * @param streamed the streamed ops, in the order received
     * @return the plan
     */
    static StreamPlan of(long cursor, RemotePage streamed) {
        var ops = streamed.ops();
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
        if (first == 0) {
            return new Apply(new RemotePage(ops, ops.getLast().seq(), false, streamed.maxHlc()));
        }
        var rest = ops.subList(first, ops.size());
        return new Apply(new RemotePage(rest, rest.getLast().seq(), false, maxHlc(rest)));
    }

    private static @Nullable String maxHlc(List<RemoteOp> ops) {
        String max = null;
        for (var op : ops) {
            if (max == null || op.hlc().compareTo(max) > 0) {
                max = op.hlc();
            }
        }
        return max;
    }
}
