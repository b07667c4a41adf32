package dev.synckit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.StringNode;

class FramesTest {

    private static final UUID SPACE = UUID.fromString("0193f1a2-0000-7000-8000-0000000000b1");
    private static final UUID DEVICE = UUID.fromString("0193f1a2-0000-7000-8000-000000000001");

    private static Op op(int n) {
        return new Op(UUID.fromString("0193f1a2-0000-7000-8000-0000000000a" + n), "todos", "r" + n, OpKind.UPSERT,
                Map.of("title", StringNode.valueOf("t" + n)), new Hlc(1_732_300_000_000L, n), DEVICE, 1);
    }

    private static String json(Object frame) {
        return ProtocolJson.mapper().writeValueAsString(frame);
    }

    @Test
    void clientFramesCarryTheirTypeAndSnakeCaseNamesAndRoundTrip() {
        List<ClientFrame> frames = List.of(new ClientFrame.Subscribe(SPACE, DEVICE, 7), new ClientFrame.Ack(SPACE, 9),
                new ClientFrame.Push("r-1", SPACE, DEVICE, List.of(op(1))), new ClientFrame.Ping());

        assertThat(json(frames.get(0))).isEqualTo("{\"type\":\"subscribe\",\"space_id\":\"" + SPACE
                + "\",\"device_id\":\"" + DEVICE + "\",\"after\":7}");
        assertThat(json(frames.get(1))).isEqualTo("{\"type\":\"ack\",\"space_id\":\"" + SPACE + "\",\"seq\":9}");
        assertThat(json(frames.get(2))).startsWith("{\"type\":\"push\",\"request_id\":\"r-1\",")
                .contains("\"ops\":[{");
        assertThat(json(frames.get(3))).isEqualTo("{\"type\":\"ping\"}");
        for (var frame : frames) {
            assertThat(ProtocolJson.mapper().readValue(json(frame), ClientFrame.class)).isEqualTo(frame);
        }
    }

    @Test
    void serverFramesCarryTheirTypeAndRoundTrip() {
        var ops = new ServerFrame.Ops(SPACE, List.of(new SequencedOp(4, op(1)), new SequencedOp(5, op(2))));
        List<ServerFrame> frames = List.of(new ServerFrame.Subscribed(SPACE, 3), ops,
                new ServerFrame.CatchUp(SPACE, 99),
                new ServerFrame.PushResult("r-1", List.of(new OpResult(op(1).opId(), OpStatus.APPLIED, 4L, null)), 4),
                new ServerFrame.Error("r-2", null, ErrorCode.FORBIDDEN, "no", Map.of()), new ServerFrame.Pong());

        assertThat(json(ops)).startsWith("{\"type\":\"ops\",\"space_id\":\"" + SPACE + "\",\"ops\":[{\"seq\":4,")
                .doesNotContain("first_seq", "last_seq");
        assertThat(json(frames.get(2))).isEqualTo("{\"type\":\"catch_up\",\"space_id\":\"" + SPACE + "\",\"head\":99}");
        assertThat(json(frames.get(4))).isEqualTo("{\"type\":\"error\",\"request_id\":\"r-2\",\"code\":\"forbidden\","
                + "\"message\":\"no\"}");
        assertThat(json(frames.get(5))).isEqualTo("{\"type\":\"pong\"}");
        for (var frame : frames) {
            assertThat(ProtocolJson.mapper().readValue(json(frame), ServerFrame.class)).isEqualTo(frame);
        }
    }

    @Test
    void anOpsFrameMustBeContiguousAndNotEmpty() {
        assertThatThrownBy(() -> new ServerFrame.Ops(SPACE, List.of(new SequencedOp(4, op(1)),
                new SequencedOp(6, op(2))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contiguous");
        assertThatThrownBy(() -> new ServerFrame.Ops(SPACE, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void aPushFrameFollowsThePushRequestRules() {
        var foreign = new Op(UUID.randomUUID(), "todos", "r", OpKind.DELETE, Map.of(), Hlc.ZERO.tick(5),
                UUID.randomUUID(), 1);

        assertThatThrownBy(() -> new ClientFrame.Push("r", SPACE, DEVICE, List.of(foreign)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device_id");
        assertThatThrownBy(() -> new ClientFrame.Push("", SPACE, DEVICE, List.of(op(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request_id");
        assertThat(new ClientFrame.Push("r", SPACE, DEVICE, List.of(op(1))).toPushRequest())
                .isEqualTo(new PushRequest(DEVICE, List.of(op(1))));
    }

    @Test
    void anUnknownTypeOrAServerFrameSentAsAClientFrameIsRefused() {
        assertThatThrownBy(() -> ProtocolJson.mapper().readValue("{\"type\":\"subscribe_all\"}", ClientFrame.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> ProtocolJson.mapper().readValue("{\"type\":\"pong\"}", ClientFrame.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> ProtocolJson.mapper().readValue("{\"space_id\":\"" + SPACE + "\",\"seq\":1}",
                ClientFrame.class)).isInstanceOf(JacksonException.class);
    }
}
