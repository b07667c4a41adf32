package dev.synckit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HlcTest {

    @Test
    void encodedFormSortsLikeTheClock() {
        var a = new Hlc(999, 99_999);
        var b = new Hlc(1_000, 0);

        assertThat(a.encode()).isEqualTo("0000000000999-99999");
        assertThat(a.encode().compareTo(b.encode())).isNegative();
        assertThat(a).isLessThan(b);
        assertThat(Hlc.parse(b.encode())).isEqualTo(b);
    }

    @Test
    void tickMovesPastTheLastClockEvenWhenTheWallClockIsBehind() {
        var last = new Hlc(5_000, 3);

        assertThat(last.tick(4_000)).isEqualTo(new Hlc(5_000, 4));
        assertThat(last.tick(6_000)).isEqualTo(new Hlc(6_000, 0));
        assertThat(new Hlc(5_000, Hlc.MAX_COUNTER).tick(1)).isEqualTo(new Hlc(5_001, 0));
    }

    @Test
    void malformedTextIsRejected() {
        assertThatThrownBy(() -> Hlc.parse("12-3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hlc.parse("000000000099a-00001")).isInstanceOf(IllegalArgumentException.class);
    }
}
