package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.protocol.ServerFrame;
import tools.jackson.databind.JsonNode;

/** A streamed {@code ops} frame decodes with the pull's op decoding, to exactly the ops a pulled page holds. */
class FrameDecoderTest {

    static final UUID SPACE = UUID.fromString("0193f1a2-0000-7000-8000-0000000000b1");
    static final UUID DEVICE = UUID.fromString("0193f1a2-0000-7000-8000-000000000001");

    static List<SequencedOp> ops() {
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("title", json("\"caf\\u00e9 \\\"quoted\\\" \\ud83d\\ude00\""));
        fields.put("done", json("true"));
        fields.put("amount", json("1.5"));
        fields.put("big", json("123456789012345678901234567890"));
        fields.put("meta", json("{\"b\":[1,null],\"a\":{}}"));
        fields.put("note", json("null"));
        return List.of(
                new SequencedOp(41, new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT, fields,
                        new Hlc(1_732_320_000_123L, 7), DEVICE, 1)),
                new SequencedOp(42, new Op(UUID.randomUUID(), "todos", "r2", OpKind.DELETE, Map.of(),
                        new Hlc(1_732_320_000_124L, 0), DEVICE, 1, 3L)),
                new SequencedOp(43, new Op(UUID.randomUUID(), "lists", "l1", OpKind.UPSERT,
                        Map.of("name", json("\"x\"")), new Hlc(1_732_320_000_122L, 0), UUID.randomUUID(), 2)));
    }

    static String frame(List<SequencedOp> ops) {
        return ProtocolJson.mapper().writeValueAsString(new ServerFrame.Ops(SPACE, ops));
    }

    /** An op's parts in comparable form (the record holds arrays). */
    static List<Object> parts(RemoteOp op) {
        return List.of(op.seq(), op.table(), op.rowId(), op.delete(), List.of(op.columns()),
                Arrays.asList(op.values()), op.hlc(), op.deviceId(), op.clockKey());
    }

    @Test
    void anOpsFrameDecodesToTheOpsOfThePulledPageOfTheSameOps() {
        var ops = ops();
        var pulled = PageDecoder.decode(ProtocolJson.mapper().writeValueAsBytes(new PullPage(ops, 43, false)));

        var streamed = FrameDecoder.decodeOps(frame(ops));

        assertThat(streamed).isNotNull();
        assertThat(streamed.spaceId()).isEqualTo(SPACE);
        assertThat(streamed.page().ops()).map(FrameDecoderTest::parts)
                .containsExactlyElementsOf(pulled.ops().stream().map(FrameDecoderTest::parts).toList());
        assertThat(streamed.page().nextCursor()).isEqualTo(43);
        assertThat(streamed.page().hasMore()).isFalse();
        assertThat(streamed.page().maxHlc()).isEqualTo(pulled.maxHlc()).isEqualTo("1732320000124-00000");
        assertThat(streamed.firstSeq()).isEqualTo(41);
    }

    @Test
    void theTypeMayComeAfterTheOpsAndUnknownPropertiesAreIgnored() {
        var text = frame(ops().subList(0, 1)).replace("{\"type\":\"ops\",", "{\"later\":[1,{\"x\":2}],")
                .replaceFirst("}$", ",\"type\":\"ops\"}");

        var streamed = FrameDecoder.decodeOps(text);

        assertThat(streamed).isNotNull();
        assertThat(streamed.page().ops()).extracting(RemoteOp::seq).containsExactly(41L);
    }

    @Test
    void framesOfOtherTypesAreLeftToTheCaller() {
        for (var text : List.of("{\"type\":\"subscribed\",\"space_id\":\"" + SPACE + "\",\"head\":3}",
                "{\"type\":\"catch_up\",\"space_id\":\"" + SPACE + "\",\"head\":9}", "{\"type\":\"pong\"}",
                "{\"type\":\"ops_v2\",\"ops\":\"anything\"}", "{\"head\":1}")) {
            assertThat(FrameDecoder.decodeOps(text)).as(text).isNull();
        }
    }

    @Test
    void anOpsFrameThatBreaksARuleFailsWhole() {
        var ops = ops();
        var hole = frame(ops).replace("\"seq\":42", "\"seq\":44");
        var badClock = frame(ops).replace("1732320000124-00000", "yesterday");
        var noSpace = frame(ops).replace("\"space_id\":\"" + SPACE + "\",", "");

        assertThatThrownBy(() -> FrameDecoder.decodeOps(hole)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contiguous");
        assertThatThrownBy(() -> FrameDecoder.decodeOps(badClock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameDecoder.decodeOps(noSpace)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("space_id");
        assertThatThrownBy(() -> FrameDecoder.decodeOps("{\"type\":\"ops\",\"space_id\":\"" + SPACE
                + "\",\"ops\":[]}")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> FrameDecoder.decodeOps("{\"type\":\"ops\",\"space_id\":\"not-a-space\",\"ops\":"
                + frame(ops.subList(0, 1)).replaceFirst("^.*\"ops\":", ""))).isInstanceOf(
                IllegalArgumentException.class).hasMessage("space_id must be a UUID");
        assertThatThrownBy(() -> FrameDecoder.decodeOps(frame(ops) + "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follow");
    }

    private static JsonNode json(String text) {
        return ProtocolJson.mapper().readTree(text);
    }
}
