package dev.synckit.client.internal.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.client.internal.transport.RemoteOp;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.protocol.Hlc;

class StreamPlanTest {

    static final UUID DEVICE = UUID.randomUUID();

    /** Streamed ops with these seqs, each with a later clock than the one before. */
    static RemotePage seqs(long... seqs) {
        var out = new ArrayList<RemoteOp>();
        for (long s : seqs) {
            out.add(op(s, s));
        }
        return page(out);
    }

    static RemoteOp op(long seq, long clock) {
        var hlc = new Hlc(1_700_000_000_000L + clock, 0).encode();
        return new RemoteOp(seq, "todos", "r" + seq, false, new String[] {"title"}, new Object[] {"t"}, hlc, DEVICE,
                hlc + "@" + DEVICE);
    }

    static RemotePage page(List<RemoteOp> ops) {
        var max = ops.stream().map(RemoteOp::hlc).max(String::compareTo).orElse(null);
        return new RemotePage(ops, ops.isEmpty() ? 0 : ops.getLast().seq(), false, max);
    }

    @Test
    void opsRightAfterTheCursorAreApplied() {
        var plan = StreamPlan.of(4, seqs(5, 6, 7));

        assertThat(plan).isInstanceOfSatisfying(StreamPlan.Apply.class, a -> {
            assertThat(a.page().ops()).extracting(RemoteOp::seq).containsExactly(5L, 6L, 7L);
            assertThat(a.lastSeq()).isEqualTo(7);
            assertThat(a.page().hasMore()).isFalse();
        });
    }

    @Test
    void opsAlreadyAppliedAreDroppedAndTheRestAppliedWithTheirOwnLargestClock() {
        var streamed = page(List.of(op(5, 5), op(6, 99), op(7, 7), op(8, 8)));

        var plan = StreamPlan.of(6, streamed);

        assertThat(plan).isInstanceOfSatisfying(StreamPlan.Apply.class, a -> {
            assertThat(a.page().ops()).extracting(RemoteOp::seq).containsExactly(7L, 8L);
            assertThat(a.page().nextCursor()).isEqualTo(8);
            assertThat(a.page().maxHlc()).as("the newest clock was in a dropped op").isEqualTo(op(8, 8).hlc());
        });
    }

    @Test
    void opsAllAtOrBelowTheCursorAreSkipped() {
        assertThat(StreamPlan.of(8, seqs(5, 6, 7, 8))).isInstanceOf(StreamPlan.Skip.class);
    }

    @Test
    void opsThatStartAfterAHoleAreAGap() {
        assertThat(StreamPlan.of(4, seqs(6, 7))).isInstanceOf(StreamPlan.Gap.class);
    }

    @Test
    void aHoleInsideTheOpsIsAGapAndNothingIsApplied() {
        assertThat(StreamPlan.of(4, seqs(5, 7))).isInstanceOf(StreamPlan.Gap.class);
    }
}
