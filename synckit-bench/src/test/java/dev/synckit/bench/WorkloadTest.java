package dev.synckit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void defaultsAreThoseOfBenchmarksMd() {
        assertThat(W1Bootstrap.defaults().parameters()).containsExactly(
                org.assertj.core.api.Assertions.entry("n", 100_000), org.assertj.core.api.Assertions.entry("batch", 1000));
        assertThat(W3ManyClients.defaults()).isEqualTo(new W3ManyClients(50, 30, 10, true));
        assertThat(W4Convergence.defaults()).isEqualTo(new W4Convergence(1000, 100));
        assertThat(W4Convergence.defaults().expectedVisibleEdits()).isEqualTo(1900);
    }

    @Test
    void parametersOutOfRangeAreRefusedWithTheRule() {
        assertThatThrownBy(() -> new W1Bootstrap(0, 1000)).hasMessageContaining("n must be within");
        assertThatThrownBy(() -> new W3ManyClients(0, 30, 10, true)).hasMessageContaining("clients must be within");
        assertThatThrownBy(() -> new W4Convergence(10, 11)).hasMessageContaining("both_title must be within 0..10");
    }

    @Test
    void realtimeWorkloadsSayTheyAreNotBuiltYet() {
        assertThat(Bench.notBuiltYet("w2")).contains("W2 needs realtime sync, not built yet");
        assertThat(Bench.notBuiltYet("W5")).contains("W5 needs realtime sync, not built yet");
        assertThat(Bench.notBuiltYet("w6")).contains("W6 needs realtime sync, not built yet");
        assertThat(Bench.notBuiltYet("w1")).isEmpty();
    }

    @Test
    void storeNamesParseCaseInsensitively() {
        assertThat(StoreKind.parse("Postgres")).isEqualTo(StoreKind.POSTGRES);
        assertThatThrownBy(() -> StoreKind.parse("mysql")).hasMessageContaining("sqlite or postgres");
    }
}
