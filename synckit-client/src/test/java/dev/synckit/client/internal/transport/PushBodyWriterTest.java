package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;

import tools.jackson.core.JacksonException;

class PushBodyWriterTest {

    private static final UUID DEVICE = UUID.fromString("00000000-0000-7000-8000-00000000000a");
    private static final Set<String> WHITELIST = Set.of("title", "done", "ratio");
    private static final String HLC = "1732320000123-00004";

    private final PushBodyWriter writer = new PushBodyWriter(DEVICE, 3);

    private static String opId(int n) {
        return "01936a2e-7b40-7c3d-9a51-" + String.format("%012d", n);
    }

    private static PushRequest parse(PushBody body) {
        return ProtocolJson.mapper().readValue(body.json(), PushRequest.class);
    }

    @Test
    void writesARequestTheProtocolRecordsAccept() {
        writer.add(opId(1), "tasks", "t1", false, "{\"title\":\"Dishes\",\"done\":0,\"ratio\":0.5}", HLC, WHITELIST);
        writer.add(opId(2), "tasks", "t2", false, "{\"done\":1}", HLC, WHITELIST);
        writer.add(opId(3), "tasks", "t3", true, null, HLC, WHITELIST);

        var body = writer.finish();
        var request = parse(body);

        assertThat(request.deviceId()).isEqualTo(DEVICE);
        assertThat(body.opIds()).extracting(UUID::toString).containsExactly(opId(1), opId(2), opId(3));
        var ops = request.ops();
        assertThat(ops).extracting(op -> op.opId().toString()).containsExactly(opId(1), opId(2), opId(3));
        assertThat(ops).extracting(op -> op.kind()).containsExactly(OpKind.UPSERT, OpKind.UPSERT, OpKind.DELETE);
        assertThat(ops).allSatisfy(op -> {
            assertThat(op.hlc()).isEqualTo(Hlc.parse(HLC));
            assertThat(op.deviceId()).isEqualTo(DEVICE);
            assertThat(op.schemaVersion()).isEqualTo(3);
            assertThat(op.table()).isEqualTo("tasks");
        });
        assertThat(ops.getFirst().fields().get("title").stringValue()).isEqualTo("Dishes");
        assertThat(ops.getFirst().fields().get("ratio").doubleValue()).isEqualTo(0.5);
        assertThat(ops.get(1).fields()).containsOnlyKeys("done");
        assertThat(ops.get(2).fields()).isEmpty();
    }

    @Test
    void columnsOutsideTheWhitelistNeverLeaveWhateverTheShapeOfTheData() {
        writer.add(opId(1), "tasks", "t1", false, "{\"title\":\"a\",\"password\":\"hunter2\"}", HLC, WHITELIST);
        writer.add(opId(2), "tasks", "t2", false, "{ \"title\" : \"b\", \"password\" : \"hunter3\" }", HLC, WHITELIST);
        writer.add(opId(3), "tasks", "t3", false, "{\"title\":\"c\",\"password\":{\"nested\":\"hunter4\"}}", HLC,
                WHITELIST);

        var body = writer.finish();

        assertThat(new String(body.json(), StandardCharsets.UTF_8)).doesNotContain("hunter", "password");
        assertThat(parse(body).ops()).allSatisfy(op -> assertThat(op.fields()).containsOnlyKeys("title"));
    }

    @Test
    void anUpsertWithoutAnySyncedColumnIsNotWritten() {
        boolean written = writer.add(opId(1), "tasks", "t1", false, "{\"password\":\"x\"}", HLC, WHITELIST);

        assertThat(written).isFalse();
        assertThat(writer.size()).isZero();
    }

    @Test
    void refusesWhatTheProtocolCannotCarryAndWritesNothingOfIt() {
        writer.add(opId(1), "tasks", "t1", false, "{\"title\":\"kept\"}", HLC, WHITELIST);

        assertThatThrownBy(() -> writer.add(opId(2), "tasks", "bad\u0007id", false, "{\"title\":\"x\"}", HLC,
                WHITELIST)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> writer.add(opId(3), "tasks", "t3", false, "{\"title\":", HLC, WHITELIST))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> writer.add(opId(4), "tasks", "t4", false, "[1,2]", HLC, WHITELIST))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.add("not-a-uuid", "tasks", "t5", false, "{\"title\":\"x\"}", HLC, WHITELIST))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.add(opId(6), "tasks", "t6", false, "{\"title\":\"x\"}", "soon", WHITELIST))
                .isInstanceOf(IllegalArgumentException.class);

        var request = parse(writer.finish());
        assertThat(request.ops()).singleElement().satisfies(op -> assertThat(op.rowId()).isEqualTo("t1"));
    }

    @Test
    void valuesKeepTheirJsonTypesAndText() {
        writer.add(opId(1), "tasks", "t1", false, "{\"title\":\"q\\\"uote \\u00e9\\n\",\"done\":12345678901234,"
                + "\"ratio\":-2.5e-3}", HLC, WHITELIST);
        writer.add(opId(2), "tasks", "t2", false, "{\"title\" : null, \"done\" : true}", HLC, WHITELIST);

        var ops = parse(writer.finish()).ops();

        assertThat(ops.getFirst().fields().get("title").stringValue()).isEqualTo("q\"uote \u00e9\n");
        assertThat(ops.getFirst().fields().get("done").longValue()).isEqualTo(12345678901234L);
        assertThat(ops.getFirst().fields().get("ratio").doubleValue()).isEqualTo(-2.5e-3);
        assertThat(ops.get(1).fields().get("title").isNull()).isTrue();
        assertThat(ops.get(1).fields().get("done").booleanValue()).isTrue();
    }
}
