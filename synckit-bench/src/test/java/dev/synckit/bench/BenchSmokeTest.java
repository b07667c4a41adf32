package dev.synckit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every workload with tiny parameters against a real server process and checks that its checks pass and its
 * JSON line carries the parameters, the figures, the machine and the date.
 */
class BenchSmokeTest {

    @TempDir
    Path dir;

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    private BenchSettings.Builder settings() {
        return BenchSettings.builder().workDir(dir).jsonFile(dir.resolve("bench.jsonl")).progress(progress::add);
    }

    private JsonNode lastJsonLine() throws Exception {
        var lines = Files.readAllLines(dir.resolve("bench.jsonl"));
        return JsonMapper.builder().build().readTree(lines.getLast());
    }

    @Test
    void w1BootstrapsFiveHundredRowsAndWritesItsJsonLine() throws Exception {
        var result = Bench.run(new W1Bootstrap(500, 100), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var json = lastJsonLine();
        assertThat(json.get("workload").asString()).isEqualTo("w1");
        assertThat(json.get("parameters").get("n").asInt()).isEqualTo(500);
        assertThat(json.get("parameters").get("batch").asInt()).isEqualTo(100);
        assertThat(json.get("figures").get("push_s").asDouble()).isPositive();
        assertThat(json.get("figures").get("pull_s").asDouble()).isPositive();
        assertThat(json.get("figures").get("pushed_ops").asInt()).isEqualTo(500);
        assertThat(json.get("figures").get("push_requests").asInt()).isEqualTo(1);
        // B's first sync asks for the account's key blob (is the space encrypted?), then pulls one page.
        assertThat(json.get("figures").get("pull_requests").asInt()).isEqualTo(2);
        assertThat(json.get("figures").get("server_store_bytes").asLong()).isPositive();
        assertThat(json.get("figures").has("server_peak_rss_bytes")).isTrue();
        assertThat(json.get("machine").get("cores").asInt()).isPositive();
        assertThat(json.get("machine").get("jdk").asString()).isNotBlank();
        assertThat(json.get("date").asString()).isNotBlank();
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(result.table()).contains("push time", "[ok]");
        assertThat(progress).anyMatch(l -> l.contains("A pushes"));
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("synckit-bench-w1"));
    }

    @Test
    void w1WithAWarmUpMeasuresOnlyItsOwnRunAndSplitsTheServersCpu() throws Exception {
        var result = Bench.run(new W1Bootstrap(300, 100, false, true), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        // the counts check compares the measured space with N: the warm-up's 300 rows are in another space
        assertThat(result.checks().getFirst().detail()).contains("server (table todos) 300");
        var json = lastJsonLine();
        assertThat(json.get("parameters").get("warm_up").asBoolean()).isTrue();
        assertThat(json.get("figures").get("pushed_ops").asInt()).isEqualTo(300);
        assertThat(json.get("figures").get("pulled_ops").asInt()).isEqualTo(300);
        assertThat(json.get("figures").get("push_requests").asInt()).isEqualTo(1);
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            for (var kind : List.of("program", "jit", "gc")) {
                var figure = json.get("figures").get("server_cpu_push_" + kind + "_s");
                assertThat(figure.isNumber()).as(kind).isTrue();
                assertThat(figure.asDouble()).as(kind).isNotNegative();
            }
        }
        assertThat(progress).anyMatch(l -> l.contains("warm-up: B' pulls"));
    }

    @Test
    void w1WithEncryptionChecksTheServersSealedRowsAndNoneInTheClear() throws Exception {
        var result = Bench.run(new W1Bootstrap(300, 100, true), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(result.checks()).extracting(Check::name).contains("A and B encrypt (both unlocked)",
                "the server holds no rows in the clear");
        assertThat(result.checks().getFirst().detail()).contains("server (table e1_").contains(") 300");
        var json = lastJsonLine();
        assertThat(json.get("parameters").get("encrypt").asBoolean()).isTrue();
        assertThat(json.get("figures").get("pushed_ops").asInt()).isEqualTo(300);
        assertThat(json.get("figures").get("applied_ops").asInt()).isEqualTo(300);
        assertThat(result.table()).contains("encrypt=true");
    }

    @Test
    void w4KeepsBothEditsOfDisjointFieldsAndOneOfSameFieldEdits() throws Exception {
        // A server JVM option that prints on standard output must not confuse the harness.
        var settings = settings().serverJvmOptions(List.of("-Xlog:gc:stdout")).build();

        var result = Bench.run(new W4Convergence(50, 5), settings);

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var figures = lastJsonLine().get("figures");
        assertThat(figures.get("edits_visible").asInt()).isEqualTo(95);
        assertThat(figures.get("disjoint_rows_with_both_edits").asInt()).isEqualTo(45);
        assertThat(figures.get("replicas_identical").asBoolean()).isTrue();
        assertThat(figures.get("same_field_rows_a_title").asInt() + figures.get("same_field_rows_b_title").asInt())
                .isEqualTo(5);
    }

    @Test
    void w2SeesEveryUpdateOfAOnBAcrossTwoProcesses() throws Exception {
        var result = Bench.run(new W2RealtimeLatency(10, 20, 20, 10, 0), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var figures = lastJsonLine().get("figures");
        assertThat(figures.get("missed").asInt()).isZero();
        assertThat(figures.get("seen").asInt()).isEqualTo(10);
        assertThat(figures.get("latency_p50_ms").asDouble()).isPositive()
                .isLessThanOrEqualTo(figures.get("latency_p99_ms").asDouble());
        assertThat(figures.get("latency_max_ms").asDouble()).isGreaterThanOrEqualTo(
                figures.get("latency_p99_ms").asDouble());
        assertThat(figures.has("server_cpu_s")).isTrue();
        assertThat(lastJsonLine().get("parameters").get("change_poll_ms").asInt()).isEqualTo(10);
    }

    @Test
    void w2WithEncryptionSeesEveryUpdateOfAOnB() throws Exception {
        var result = Bench.run(new W2RealtimeLatency(10, 20, 20, 10, 0, true), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(result.checks()).extracting(Check::name).contains("A and B encrypt (both unlocked)",
                "the server holds SEED rows under the sealed table name", "the server holds no rows in the clear");
        var json = lastJsonLine();
        assertThat(json.get("parameters").get("encrypt").asBoolean()).isTrue();
        assertThat(json.get("figures").get("seen").asInt()).isEqualTo(10);
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("synckit-bench-w2"));
    }

    @Test
    void w5DeliversEveryOfflineWriteToBAfterTheReconnect() throws Exception {
        var result = Bench.run(new W5OfflineQueue(20), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var figures = lastJsonLine().get("figures");
        assertThat(figures.get("reconnect_to_b_complete_s").asDouble()).isPositive();
        assertThat(figures.get("inserts").asString()).isEqualTo("10 / 10");
        assertThat(figures.get("a_http_requests").asInt()).as("A pushes its queue over HTTP").isPositive();
        assertThat(figures.get("a_ws_opened").asInt()).as("A's new engine opens its socket").isEqualTo(1);
        assertThat(figures.get("b_ws_received").asInt()).as("B gets the rows over its socket").isPositive();
    }

    @Test
    void w6ReconnectsEveryClientWithItsBacklogAfterARestart() throws Exception {
        var result = Bench.run(new W6ReconnectStorm(5, 3, 2), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var figures = lastJsonLine().get("figures");
        assertThat(figures.get("clients_done").asInt()).isEqualTo(5);
        assertThat(figures.get("ready_to_all_done_s").asDouble()).isPositive();
        assertThat(figures.get("ws_opened").asInt()).as("every client reopens its socket").isGreaterThanOrEqualTo(5);
        assertThat(figures.get("idle_rss_bytes").isNull()).isFalse();
        assertThat(result.figure("idle_rss_bytes").orElseThrow().target()).as("no memory target below 1,000 clients")
                .isNull();
    }

    @Test
    @Tag("slow")
    void w3WithTwoClientsInOneSharedSpaceCountsWhatTheServerAccepted() throws Exception {
        var result = Bench.run(new W3ManyClients(2, 2, 10, true), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var json = lastJsonLine();
        assertThat(json.get("parameters").get("shared").asInt()).isEqualTo(1);
        var figures = json.get("figures");
        assertThat(figures.get("rows_accepted").asLong()).isEqualTo(10 * figures.get("round_trips").asLong());
        assertThat(figures.get("rows_per_s").asDouble()).isPositive();
        assertThat(figures.get("round_trip_p99_ms").asDouble())
                .isBetween(figures.get("round_trip_p50_ms").asDouble(), figures.get("round_trip_max_ms").asDouble());
        assertThat(figures.get("applied_ops").asLong()).as("each client applies the other's rows").isPositive();
        assertThat(figures.get("errors").asInt()).isZero();
    }

    @Test
    @Tag("slow")
    void w3WithOneUserPerClientAppliesNothingFromOthers() throws Exception {
        var result = Bench.run(new W3ManyClients(2, 2, 5, false), settings().build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var figures = lastJsonLine().get("figures");
        assertThat(figures.get("applied_ops").asLong()).isZero();
        assertThat(figures.get("rows_accepted").asLong()).isEqualTo(5 * figures.get("round_trips").asLong());
        assertThat(result.figure("rows_per_s").orElseThrow().target()).isNotNull();
    }

    @Test
    @Tag("slow")
    void aRunThatExceedsItsTimeLimitIsStoppedAndFails() {
        var settings = settings().timeLimit(Duration.ofSeconds(4)).build();
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> Bench.run(new W3ManyClients(2, 600, 10, true), settings))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("time limit");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        assertThat(dir.resolve("bench.jsonl")).doesNotExist();
    }

    @Test
    @Tag("postgres")
    void w1RunsOnAFreshPostgresDatabase() throws Exception {
        var result = Bench.run(new W1Bootstrap(300, 100), settings().store(StoreKind.POSTGRES).build());

        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        var json = lastJsonLine();
        assertThat(json.get("store").asString()).isEqualTo("postgres");
        assertThat(json.get("figures").get("server_store_bytes").asLong()).isPositive();
    }
}
