package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnTailTest {

    static OwnTail pushed(long head, long... seqs) {
        var tail = new OwnTail();
        for (long seq : seqs) {
            tail.pushed(seq);
        }
        tail.head(head);
        return tail;
    }

    @Test
    void pushedSeqsThatAreEverythingAfterTheCursorCoverTheHeadInAnyOrder() {
        assertThat(pushed(7, 6, 5, 7).coveredHead(4)).isEqualTo(7);
    }

    @Test
    void aSeqNotReportedToThisDeviceIsAHole() {
        assertThat(pushed(7, 5, 7).coveredHead(4)).as("seq 6 is someone else's").isEqualTo(-1);
        assertThat(pushed(8, 5, 6, 7).coveredHead(4)).as("the head came after the last pushed op").isEqualTo(-1);
    }

    @Test
    void duplicatesAtOrBelowTheCursorAndRepeatedSeqsFillNoHole() {
        assertThat(pushed(6, 2, 3, 5, 5, 6).coveredHead(4)).isEqualTo(6);
        assertThat(pushed(7, 2, 3, 5, 5, 7).coveredHead(4)).isEqualTo(-1);
    }

    @Test
    void nothingPushedOrNothingNewCoversNothing() {
        assertThat(new OwnTail().coveredHead(0)).isEqualTo(-1);
        assertThat(pushed(4, 3, 4).coveredHead(4)).isEqualTo(-1);
    }
}
