package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.synckit.protocol.PushRequest;

/** The streamed push parse gives exactly what the full parse gives: the same request, or the same error. */
class PushBodiesTest {

    private static final String DEVICE = "0193a1b2-0000-7000-8000-00000000000a";
    private static final String HLC = "1732320000123-00004";

    private static String op(String opId, String kind, String fields, String extra) {
        return "{\"op_id\":\"" + opId + "\",\"table\":\"todos\",\"row_id\":\"r-1\",\"kind\":\"" + kind + "\""
                + (fields == null ? "" : ",\"fields\":" + fields) + ",\"hlc\":\"" + HLC + "\",\"device_id\":\""
                + DEVICE + "\",\"schema_version\":2" + extra + "}";
    }

    private static String body(String... ops) {
        return "{\"device_id\":\"" + DEVICE + "\",\"ops\":[" + String.join(",", ops) + "]}";
    }

    private static final String ID1 = "0193a1b2-0000-7000-8000-000000000001";
    private static final String ID2 = "0193a1b2-0000-7000-8000-000000000002";

    /** Bodies of the usual shape: the streamed parse reads them itself. */
    static List<String> usual() {
        return List.of(
                body(op(ID1, "upsert", "{\"title\":\"Dishes\",\"done\":1,\"size\":12345678901,\"flag\":true,"
                        + "\"off\":false,\"note\":null}", "")),
                body(op(ID1, "upsert", "{\"ratio\":0.25,\"big\":1e300,\"neg\":-0.0,\"huge\":123456789012345678901234,"
                        + "\"exact\":1.10}", "")),
                body(op(ID1, "upsert", "{\"tags\":[1,\"a\",{\"z\":1,\"a\":[null,{}]}],\"obj\":{\"b\":2,\"a\":1}}", "")),
                body(op(ID1, "upsert", "{\"title\":\"tab\\tquote\\\" \\u00e9 \\ud83d\\ude00 /\\/\"}", "")),
                body(op(ID1, "upsert", "{\"title\":\"x\"}", ",\"base_version\":7")),
                body(op(ID1, "upsert", "{\"title\":\"x\"}", ",\"base_version\":null")),
                body(op(ID1, "upsert", "{\"title\":\"x\"}", ",\"base_version\":12345678901")),
                body(op(ID1, "delete", null, "")),
                body(op(ID1, "delete", "{}", "")),
                body(op(ID1, "upsert", "{\"a\":1}", ""), op(ID2, "delete", null, "")),
                body(op(ID1.toUpperCase(java.util.Locale.ROOT), "upsert", "{\"a\":1}", "")),
                "  {\"ops\":[" + op(ID1, "upsert", "{\"a\":1}", "") + "],\n \"device_id\":\"" + DEVICE + "\"}  ");
    }

    /** Bodies the full parse accepts that the streamed one leaves to it. */
    static List<String> unusual() {
        return List.of(
                body(op(ID1, "upsert", "{\"a\":1}", ",\"future\":{\"x\":[1]}")),
                "{\"device_id\":\"" + DEVICE + "\",\"ops\":[" + op(ID1, "upsert", "{\"a\":1}", "") + "],\"x\":1}",
                body(op(ID1, "delete", "null", "")));
    }

    /** Bodies both refuse. */
    static List<String> refused() {
        return List.of(
                "",
                "[]",
                "{\"device_id\":\"" + DEVICE + "\"}",
                "{\"device_id\":\"" + DEVICE + "\",\"ops\":[]}",
                body(op(ID1, "upsert", "{}", "")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"schema_version\":2", "\"schema_version\":0")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"schema_version\":2", "\"schema_version\":2.5")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"schema_version\":2", "\"schema_version\":\"2\"")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"schema_version\":2",
                        "\"schema_version\":3000000000")),
                body(op(ID1, "upsert", "{\"a\":1}", ",\"base_version\":-1")),
                body(op(ID1, "upsert", "{\"a\":1}", ",\"base_version\":1.5")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace(HLC, "yesterday")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"table\":\"todos\"", "\"table\":\"bad name\"")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"table\":\"todos\",", "")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"table\":\"todos\"", "\"table\":42")),
                body(op(ID1, "sideways", "{\"a\":1}", "")),
                body(op("1-2-3-4-5", "upsert", "{\"a\":1}", "")),
                body(op(ID1, "upsert", "{\"bad column\":1}", "")),
                body(op(ID1, "delete", "{\"a\":1}", "")),
                body(op(ID1, "upsert", "{\"a\":1}", "").replace("\"device_id\":\"" + DEVICE + "\"",
                        "\"device_id\":\"" + ID2 + "\"")),
                body(op(ID1, "upsert", "{\"a\":1}", "")) + "x",
                body(op(ID1, "upsert", "{\"a\":1", "")));
    }

    @ParameterizedTest
    @MethodSource("usual")
    void aBodyOfTheUsualShapeIsReadByTheStreamedParseToTheSameRequest(String json) {
        var bytes = json.getBytes(StandardCharsets.UTF_8);

        var streamed = PushBodies.parseUsual(bytes);

        assertThat(streamed).isNotNull().isEqualTo(JsonBodies.parse(bytes, PushRequest.class));
        assertThat(PushBodies.parse(bytes)).isEqualTo(streamed);
    }

    @ParameterizedTest
    @MethodSource("unusual")
    void anUnusualBodyIsLeftToTheFullParse(String json) {
        var bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(PushBodies.parseUsual(bytes)).isNull();
        assertThat(PushBodies.parse(bytes)).isEqualTo(JsonBodies.parse(bytes, PushRequest.class));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void aBadBodyIsRefusedWithTheFullParsesError(String json) {
        var bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(PushBodies.parseUsual(bytes)).isNull();
        var expected = catchThrowableOfType(ApiException.class, () -> JsonBodies.parse(bytes, PushRequest.class));
        var actual = catchThrowableOfType(ApiException.class, () -> PushBodies.parse(bytes));
        assertThat(expected).as("the full parse refuses it").isNotNull();
        assertThat(actual).isNotNull();
        assertThat(actual.code()).isEqualTo(expected.code());
        assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
    }
}
