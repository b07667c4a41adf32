package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.SequencedOp;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class PageDecoderTest {

    private static final String DEVICE = "9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b";

    private static RemotePage decode(String json) {
        return PageDecoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** One op of the protocol's example, with the parts a test varies. */
    private static String op(long seq, String kind, String fields, String hlc) {
        return "{\"seq\":" + seq + ",\"op\":{\"op_id\":\"01936a2e-7b40-7c3d-9a51-2f1e8c0d4b6a\",\"table\":\"todos\","
                + "\"row_id\":\"r" + seq + "\",\"kind\":\"" + kind + "\",\"fields\":" + fields + ",\"hlc\":\"" + hlc
                + "\",\"device_id\":\"" + DEVICE + "\",\"schema_version\":1}}";
    }

    private static String page(String... ops) {
        return "{\"ops\":[" + String.join(",", ops) + "],\"next_cursor\":" + ops.length + ",\"has_more\":false}";
    }

    @Test
    void decodesOpsWithTheirValuesReadyToBindAndTheirClockKeys() {
        var page = decode("{\"has_more\":true,\"extra\":{\"ignored\":[1,2]},\"ops\":[{\"op\":{\"fields\":{\"title\":"
                + "\"buy \\\"oat\\\" milk\",\"done\":1,\"ratio\":0.5,\"flag\":true,\"off\":false,\"note\":null,"
                + "\"big\":123456789012345678901234567890,\"meta\":{\"a\":[1,\"x\"]}},\"hlc\":\"1732320000123-00007\","
                + "\"table\":\"todos\",\"row_id\":\"r1\",\"kind\":\"upsert\",\"op_id\":\"01936a2e-7b40-7c3d-9a51-"
                + "2f1e8c0d4b6a\",\"device_id\":\"" + DEVICE.toUpperCase() + "\",\"schema_version\":1,\"future\":7},"
                + "\"seq\":41}," + op(42, "delete", "{}", "1732320000124-00000") + "],\"next_cursor\":42}");

        assertThat(page.nextCursor()).isEqualTo(42);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.maxHlc()).isEqualTo("1732320000124-00000");
        var upsert = page.ops().getFirst();
        assertThat(upsert.seq()).isEqualTo(41);
        assertThat(upsert.delete()).isFalse();
        assertThat(upsert.deviceId()).isEqualTo(UUID.fromString(DEVICE));
        assertThat(upsert.clockKey()).as("the canonical device id, as Op.clockKey() has it")
                .isEqualTo("1732320000123-00007@" + DEVICE);
        assertThat(fields(upsert)).containsExactly(Map.entry("title", "buy \"oat\" milk"), Map.entry("done", 1L),
                Map.entry("ratio", 0.5), Map.entry("flag", 1), Map.entry("off", 0), Map.entry("note", "\u0000null"),
                Map.entry("big", "123456789012345678901234567890"), Map.entry("meta", "{\"a\":[1,\"x\"]}"));
        var delete = page.ops().get(1);
        assertThat(delete.delete()).isTrue();
        assertThat(delete.fieldCount()).isZero();
    }

    @Test
    void givesTheSameOpsAsTheProtocolRecords() {
        var device = UUID.randomUUID();
        var ops = new ArrayList<SequencedOp>();
        var factory = ProtocolJson.mapper().getNodeFactory();
        for (int i = 1; i <= 50; i++) {
            var fields = new LinkedHashMap<String, JsonNode>();
            fields.put("title", factory.stringNode("t" + i + "\u00e9\n"));
            fields.put("n", factory.numberNode((long) i * 1_000_000_007L));
            fields.put("x", factory.numberNode(i / 8.0));
            fields.put("gone", factory.nullNode());
            var kind = i % 7 == 0 ? OpKind.DELETE : OpKind.UPSERT;
            ops.add(new SequencedOp(i, new Op(UUID.randomUUID(), i % 2 == 0 ? "todos" : "projects", "row-" + i,
                    kind, kind == OpKind.DELETE ? Map.of() : fields, new Hlc(1_700_000_000_000L + i, i), device, 1)));
        }
        var json = ProtocolJson.mapper().writeValueAsBytes(new PullPage(ops, 50, true));

        var page = PageDecoder.decode(json);

        assertThat(page.ops()).hasSize(50);
        for (int i = 0; i < 50; i++) {
            var expected = ops.get(i);
            var actual = page.ops().get(i);
            assertThat(actual.seq()).isEqualTo(expected.seq());
            assertThat(actual.table()).isEqualTo(expected.op().table());
            assertThat(actual.rowId()).isEqualTo(expected.op().rowId());
            assertThat(actual.delete()).isEqualTo(expected.op().kind() == OpKind.DELETE);
            assertThat(actual.clockKey()).isEqualTo(expected.op().clockKey());
            assertThat(Arrays.asList(actual.columns())).containsExactlyElementsOf(expected.op().fields().keySet());
        }
        assertThat(page.maxHlc()).isEqualTo(ops.getLast().op().hlc().encode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"ops\":[],\"has_more\":false}|next_cursor is required",
        "{\"ops\":[],\"next_cursor\":\"1\",\"has_more\":false}|next_cursor must be an integer",
        "{\"next_cursor\":0,\"has_more\":false}|ops is required",
        "{\"ops\":[],\"next_cursor\":0,\"has_more\":false} {}|nothing may follow",
        "{\"ops\":[{\"seq\":0,\"op\":{}}],\"next_cursor\":0,\"has_more\":false}|op_id is required",
        "{\"ops\":[{\"op\":{}}],\"next_cursor\":0,\"has_more\":false}|op_id is required",
    })
    void refusesAPageThatBreaksARule(String json, String rule) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(rule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "upsert|{}|1732320000123-00000|an upsert must carry at least one field",
        "delete|{\"title\":\"x\"}|1732320000123-00000|a delete must not carry fields",
        "remove|{}|1732320000123-00000|kind must be upsert or delete",
        "upsert|{\"9title\":1}|1732320000123-00000|field name must match",
        "upsert|{\"title\":1}|1732320000123|hlc must have the form",
    })
    void refusesAnOpThatBreaksARule(String kind, String fields, String hlc, String rule) {
        assertThatThrownBy(() -> decode(page(op(1, kind, fields, hlc)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule);
    }

    @Test
    void refusesASeqBelowOneAndRowIdsWithControlCharacters() {
        assertThatThrownBy(() -> decode(page(op(0, "upsert", "{\"a\":1}", "1732320000123-00000"))))
                .hasMessageContaining("seq is required and must be >= 1");
        var badRowId = op(1, "upsert", "{\"a\":1}", "1732320000123-00000").replace("\"r1\"", "\"r\\u0007\"");
        assertThatThrownBy(() -> decode(page(badRowId))).hasMessageContaining("row_id must not contain control");
    }

    @Test
    void malformedJsonFailsAsJson() {
        assertThatThrownBy(() -> decode("{\"ops\":[")).isInstanceOf(JacksonException.class);
    }

    @Test
    void opsWithTheSameFieldNamesShareOneNamesArray() {
        var page = decode(page(op(1, "upsert", "{\"a\":1,\"b\":2}", "1732320000123-00000"),
                op(2, "upsert", "{\"a\":3,\"b\":4}", "1732320000123-00001"),
                op(3, "upsert", "{\"b\":5}", "1732320000123-00002")));

        assertThat(page.ops().get(1).columns()).isSameAs(page.ops().get(0).columns());
        assertThat(page.ops().get(2).columns()).containsExactly("b");
    }

    /** The op's fields in wire order; a SQL NULL shows as {@code "\u0000null"} (AssertJ entries cannot hold null). */
    private static List<Map.Entry<String, Object>> fields(RemoteOp op) {
        var out = new ArrayList<Map.Entry<String, Object>>();
        for (int i = 0; i < op.fieldCount(); i++) {
            @Nullable Object v = op.values()[i];
            out.add(Map.entry(op.columns()[i], v == null ? "\u0000null" : v));
        }
        return out;
    }
}
