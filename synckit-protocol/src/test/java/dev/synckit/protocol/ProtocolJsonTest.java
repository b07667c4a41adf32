package dev.synckit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

class ProtocolJsonTest {

    private static final UUID DEVICE = UUID.fromString("0193f1a2-0000-7000-8000-000000000001");
    private static final UUID OP = UUID.fromString("0193f1a2-0000-7000-8000-0000000000aa");

    private static Op upsert() {
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("title", StringNode.valueOf("milk"));
        fields.put("done", IntNode.valueOf(0));
        fields.put("note", NullNode.getInstance());
        return new Op(OP, "todos", "r1", OpKind.UPSERT, fields, new Hlc(1_732_300_000_000L, 7), DEVICE, 1);
    }

    @Test
    void opRoundTripsWithSnakeCaseNamesAndEncodedClock() {
        var json = ProtocolJson.mapper().writeValueAsString(upsert());

        assertThat(json).contains("\"op_id\":\"" + OP + "\"", "\"row_id\":\"r1\"", "\"kind\":\"upsert\"",
                "\"hlc\":\"1732300000000-00007\"", "\"note\":null", "\"schema_version\":1");
        assertThat(json).doesNotContain("base_version");
        assertThat(ProtocolJson.mapper().readValue(json, Op.class)).isEqualTo(upsert());
    }

    @Test
    void pushRequestRejectsAnOpOfAnotherDevice() {
        var other = new Op(OP, "todos", "r1", OpKind.DELETE, Map.of(), Hlc.ZERO.tick(5), UUID.randomUUID(), 1);

        assertThatThrownBy(() -> new PushRequest(DEVICE, List.of(other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device_id");
    }

    @Test
    void malformedIdentifiersAreRejectedWhileDecoding() {
        var json = ProtocolJson.mapper().writeValueAsString(upsert()).replace("\"todos\"", "\"todos; drop\"");

        assertThatThrownBy(() -> ProtocolJson.mapper().readValue(json, Op.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("table must match");
    }

    @Test
    void wrongTypesAndMissingFieldsAreRejected() {
        var wrongType = ProtocolJson.mapper().writeValueAsString(upsert()).replace("\"schema_version\":1",
                "\"schema_version\":\"one\"");
        var missing = ProtocolJson.mapper().writeValueAsString(upsert()).replace("\"hlc\":\"1732300000000-00007\",",
                "");

        assertThatThrownBy(() -> ProtocolJson.mapper().readValue(wrongType, Op.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> ProtocolJson.mapper().readValue(missing, Op.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("hlc is required");
    }

    @Test
    void emptyPullPageAndErrorRoundTrip() {
        var page = new PullPage(List.of(), 42, false);
        var error = new ApiError(ErrorCode.HLC_REGRESSION, "clock went backwards", "req-1",
                Map.of("max_hlc", "1732300000000-00007"));

        var pageJson = ProtocolJson.mapper().writeValueAsString(page);
        var errorJson = ProtocolJson.mapper().writeValueAsString(error);

        assertThat(pageJson).isEqualTo("{\"ops\":[],\"next_cursor\":42,\"has_more\":false}");
        assertThat(errorJson).contains("\"code\":\"hlc_regression\"", "\"request_id\":\"req-1\"", "\"max_hlc\"");
        assertThat(ProtocolJson.mapper().readValue(errorJson, ApiError.class)).isEqualTo(error);
        assertThat(ProtocolJson.mapper().writeValueAsString(new ApiError(ErrorCode.INTERNAL, "x", "r")))
                .doesNotContain("details");
    }
}
