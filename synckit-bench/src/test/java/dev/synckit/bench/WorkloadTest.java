package dev.synckit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void defaultsAreThoseOfBenchmarksMd() {
        assertThat(W1Bootstrap.defaults().parameters()).containsExactly(
                org.assertj.core.api.Assertions.entry("n", 100_000), org.assertj.core.api.Assertions.entry("batch", 1000),
                org.assertj.core.api.Assertions.entry("encrypt", false),
                org.assertj.core.api.Assertions.entry("warm_up", false));
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
    void realtimeWorkloadDefaultsAreThoseOfBenchmarksMd() {
        assertThat(W2RealtimeLatency.defaults()).isEqualTo(new W2RealtimeLatency(300, 20, 1000, 250, 500, false));
        assertThat(new W2RealtimeLatency(300, 20, 1000, 250, 500, true).parameters()).containsEntry("encrypt", true);
        assertThat(W5OfflineQueue.defaults()).isEqualTo(new W5OfflineQueue(1000));
        assertThat(W6ReconnectStorm.defaults()).isEqualTo(new W6ReconnectStorm(500, 10, 125));
        assertThat(W6ReconnectStorm.defaults().jvms()).isEqualTo(4);
        assertThat(new W6ReconnectStorm(1000, 10, 125).jvms()).isEqualTo(8);
        assertThat(new W6ReconnectStorm(5, 10, 125).jvms()).isEqualTo(1);
    }

    @Test
    void realtimeWorkloadParametersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new W2RealtimeLatency(300, 0, 1000, 250, 500)).hasMessageContaining("rate must be");
        assertThatThrownBy(() -> new W2RealtimeLatency(300, 20, 1000, 5, 500))
                .hasMessageContaining("change_poll_ms must be within 10..60000");
        assertThatThrownBy(() -> new W5OfflineQueue(0)).hasMessageContaining("writes must be");
        assertThatThrownBy(() -> new W6ReconnectStorm(500, 0, 125)).hasMessageContaining("backlog must be");
    }

    @Test
    void storeNamesParseCaseInsensitively() {
        assertThat(StoreKind.parse("Postgres")).isEqualTo(StoreKind.POSTGRES);
        assertThatThrownBy(() -> StoreKind.parse("mysql")).hasMessageContaining("sqlite or postgres");
    }
}
