package dev.synckit.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

class OpCodecTest {

    static final UUID OP = UUID.fromString("0190f0f0-0000-7000-8000-000000000001");
    static final UUID DEVICE = UUID.fromString("0190f0f0-0000-7000-8000-0000000000d1");
    /** Field names that sort differently by case, length and digits. */
    private static final String[] NAMES = {"a", "B", "b", "a1", "a10", "a2", "Z_", "_z", "title", "done"};

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
    void scalarFieldsAreWrittenExactlyAsTheCanonicalMapperWritesThem() throws Exception {
        var mapper = ProtocolJson.mapper().rebuild()
                .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        var values = new JsonNode[] {StringNode.valueOf("plain"), StringNode.valueOf("tab\tquote\" back\\ nul\u0000 "
                + "ctl\u001f del\u007f é 😀 line\u2028 </script>"), StringNode.valueOf(""), IntNode.valueOf(0),
                IntNode.valueOf(Integer.MIN_VALUE), LongNode.valueOf(Long.MAX_VALUE), LongNode.valueOf(7),
                BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance(), DoubleNode.valueOf(0.1),
                mapper.readTree("[1,{\"b\":1,\"a\":2}]"),
                BigIntegerNode.valueOf(new BigInteger("123456789012345678901"))};
        var random = new Random(7);
        for (int round = 0; round < 200; round++) {
            var fields = new LinkedHashMap<String, JsonNode>();
            int count = round == 0 ? 0 : 1 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                var name = NAMES[random.nextInt(NAMES.length)]
                        + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(3)));
                fields.put(name, values[random.nextInt(round % 2 == 0 ? 10 : values.length)]);
            }

            assertThat(new String(OpCodec.canonicalFields(fields), StandardCharsets.UTF_8))
                    .as("round %d", round).isEqualTo(mapper.writeValueAsString(fields));
        }
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
