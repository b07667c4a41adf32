package dev.synckit.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

class OpCodecTest {

    static final UUID OP = UUID.fromString("0190f0f0-0000-7000-8000-000000000001");
    static final UUID DEVICE = UUID.fromString("0190f0f0-0000-7000-8000-0000000000d1");

    static Op op(Map<String, JsonNode> fields, Hlc hlc) {
        return new Op(OP, "todos", "r1", OpKind.UPSERT, fields, hlc, DEVICE, 1);
    }

    @Test
    void theContentHashIgnoresTheOrderOfFieldsAndNestedProperties() {
        var ab = new LinkedHashMap<String, JsonNode>();
        ab.put("a", IntNode.valueOf(1));
        ab.put("b", ProtocolJson.mapper().readTree("{\"x\":1,\"y\":2}"));
        var ba = new LinkedHashMap<String, JsonNode>();
        ba.put("b", ProtocolJson.mapper().readTree("{\"y\":2,\"x\":1}"));
        ba.put("a", IntNode.valueOf(1));

        var first = OpCodec.encode(op(ab, new Hlc(1, 0)));
        var second = OpCodec.encode(op(ba, new Hlc(1, 0)));

        assertThat(first.contentHash()).isEqualTo(second.contentHash());
        assertThat(first.fieldsJson()).isEqualTo("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}");
        assertThat(first.fieldsBytes()).isEqualTo(first.fieldsJson().length());
    }

    @Test
    void theContentHashChangesWithAnyComponent() {
        var base = OpCodec.encode(op(Map.of("a", StringNode.valueOf("v")), new Hlc(1, 0)));
        var otherValue = OpCodec.encode(op(Map.of("a", StringNode.valueOf("w")), new Hlc(1, 0)));
        var otherClock = OpCodec.encode(op(Map.of("a", StringNode.valueOf("v")), new Hlc(1, 1)));
        var otherBase = OpCodec.encode(new Op(OP, "todos", "r1", OpKind.UPSERT, Map.of("a", StringNode.valueOf("v")),
                new Hlc(1, 0), DEVICE, 1, 7L));

        assertThat(otherValue.contentHash()).isNotEqualTo(base.contentHash());
        assertThat(otherClock.contentHash()).isNotEqualTo(base.contentHash());
        assertThat(otherBase.contentHash()).isNotEqualTo(base.contentHash());
    }

    @Test
    void decodedFieldsEqualTheEncodedOnes() {
        var fields = Map.<String, JsonNode>of("a", IntNode.valueOf(1), "b", StringNode.valueOf("x"));

        var decoded = OpCodec.decodeFields(OpCodec.encode(op(fields, new Hlc(1, 0))).fieldsJson());

        assertThat(decoded).isEqualTo(fields);
    }
}
