package dev.synckit.client.internal.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.SequencedOp;
import tools.jackson.databind.node.StringNode;

class StreamPlanTest {

    static List<SequencedOp> seqs(long... seqs) {
        var out = new ArrayList<SequencedOp>();
        for (long s : seqs) {
            var op = new Op(UUID.randomUUID(), "todos", "r" + s, OpKind.UPSERT,
                    Map.of("title", StringNode.valueOf("t")), new Hlc(1_700_000_000_000L + s, 0), UUID.randomUUID(), 1);
            out.add(new SequencedOp(s, op));
        }
        return out;
    }

    @Test
    void opsRightAfterTheCursorAreApplied() {
        var plan = StreamPlan.of(4, seqs(5, 6, 7));

        assertThat(plan).isInstanceOfSatisfying(StreamPlan.Apply.class, a -> {
            assertThat(a.ops()).extracting(SequencedOp::seq).containsExactly(5L, 6L, 7L);
            assertThat(a.lastSeq()).isEqualTo(7);
        });
    }

    @Test
    void opsAlreadyAppliedAreDroppedAndTheRestApplied() {
        var plan = StreamPlan.of(6, seqs(5, 6, 7, 8));

        assertThat(plan).isInstanceOfSatisfying(StreamPlan.Apply.class,
                a -> assertThat(a.ops()).extracting(SequencedOp::seq).containsExactly(7L, 8L));
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
