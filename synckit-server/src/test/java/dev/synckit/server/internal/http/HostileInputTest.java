package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import tools.jackson.databind.node.StringNode;

/**
 * Every bad input gets a 4xx with a JSON error body and changes nothing (DESIGN §6): each test checks the status,
 * the error code, the request id, and that the whole database is identical afterwards.
 */
class HostileInputTest {

    static final int MAX_BODY = 4096;
    static final int MAX_OPS = 5;
    static final int MAX_OP_BYTES = 512;
    static final Hlc T0 = new Hlc(1_700_000_000_000L, 0);

    @TempDir
    Path dir;
    HttpFixture f;
    String key;
    UUID device;
    Map<String, List<List<String>>> before;

    @BeforeEach
    void start() {
        f = HttpFixture.start(dir, b -> b.maxBodyBytes(MAX_BODY).maxOpsPerPush(MAX_OPS).maxOpBytes(MAX_OP_BYTES)
                .defaultPullLimit(10).maxPullLimit(100));
        key = f.user("alice");
        device = f.device(key);
        var seeded = f.post("/v1/spaces/default/ops", key, HttpFixture.pushJson(device,
                HttpFixture.upserts(device, 3, T0)));
        assertThat(seeded.status()).isEqualTo(200);
        before = f.snapshot();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    void assertRefused(HttpFixture.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.json().get("message").asString()).isNotBlank();
        assertThat(r.json().get("request_id").asString()).isEqualTo(r.headers().firstValue("X-Request-Id")
                .orElseThrow());
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(f.snapshot()).as("the store is unchanged").isEqualTo(before);
    }

    String op(String overrides) {
        var base = "\"op_id\":\"" + UUID.randomUUID() + "\",\"table\":\"todos\",\"row_id\":\"r\",\"kind\":\"upsert\","
                + "\"fields\":{\"title\":\"x\"},\"hlc\":\"" + new Hlc(T0.wallMillis() + 100, 0) + "\","
                + "\"device_id\":\"" + device + "\",\"schema_version\":1";
        return "{" + base + (overrides.isEmpty() ? "" : "," + overrides) + "}";
    }

    String body(String... ops) {
        return "{\"device_id\":\"" + device + "\",\"ops\":[" + String.join(",", ops) + "]}";
    }

    HttpFixture.Response push(String json) {
        return f.post("/v1/spaces/default/ops", key, json);
    }

    static Stream<Arguments> notJson() {
        return Stream.of(
                Arguments.of("{\"device_id\":", "truncated"),
                Arguments.of("not json at all", "garbage"),
                Arguments.of("", "empty"),
                Arguments.of("null", "null"),
                Arguments.of("[]", "an array"),
                Arguments.of("{} {}", "trailing tokens"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("notJson")
    void aPushBodyThatIsNotAJsonObjectIsInvalidJson(String body, String what) {
        assertRefused(push(body), 400, "invalid_json");
    }

    @Test
    void wrongTypesAreInvalidJsonAndNameThePath() {
        var opsNotArray = push("{\"device_id\":\"" + device + "\",\"ops\":\"x\"}");
        assertRefused(opsNotArray, 400, "invalid_json");
        assertThat(opsNotArray.json().get("message").asString()).contains("ops");

        var versionNotInt = push(body(op("\"schema_version\":\"one\"")));
        assertRefused(versionNotInt, 400, "invalid_json");
        assertThat(versionNotInt.json().get("message").asString()).contains("ops[0].schema_version");

        assertRefused(push(body(op("\"op_id\":12"))), 400, "invalid_json");
        assertRefused(push(body(op("\"fields\":[1,2]"))), 400, "invalid_json");
        assertRefused(push(body(op("\"kind\":\"merge\""))), 400, "invalid_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"schema_version\":\"1\"", "\"schema_version\":1.5", "\"schema_version\":true",
        "\"schema_version\":99999999999", "\"table\":42", "\"row_id\":true", "\"base_version\":\"3\""})
    void scalarsOfTheWrongTypeAreNotCoerced(String override) {
        var r = push(body(op(override)));

        assertRefused(r, 400, "invalid_json");
        assertThat(r.json().get("message").asString()).startsWith("ops[0].");
    }

    @Test
    void missingFieldsAreInvalidJsonWithTheFieldName() {
        var noDevice = push("{\"ops\":[" + op("") + "]}");
        assertRefused(noDevice, 400, "invalid_json");
        assertThat(noDevice.json().get("message").asString()).contains("device_id is required");

        var noHlc = push(body(op("").replaceFirst(",\"hlc\":\"[^\"]*\"", "")));
        assertRefused(noHlc, 400, "invalid_json");
        assertThat(noHlc.json().get("message").asString()).contains("hlc is required");
    }

    static Stream<Arguments> ruleBreakers() {
        return Stream.of(
                Arguments.of("\"table\":\"drop table\"", "table must match"),
                Arguments.of("\"row_id\":\"" + "r".repeat(257) + "\"", "row_id must be 1 to 256 characters"),
                Arguments.of("\"row_id\":\"\"", "row_id must be 1 to 256 characters"),
                Arguments.of("\"hlc\":\"yesterday\"", "hlc must have the form"),
                Arguments.of("\"schema_version\":0", "schema_version must be >= 1"),
                Arguments.of("\"fields\":{}", "an upsert must carry at least one field"),
                Arguments.of("\"kind\":\"delete\"", "a delete must not carry fields"),
                Arguments.of("\"fields\":{\"bad-column\":1}", "field name must match"),
                Arguments.of("\"device_id\":\"" + UUID.randomUUID() + "\"", "every op must carry the request's"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ruleBreakers")
    void aValueThatBreaksARuleIsAValidationFailureWithTheRule(String override, String rule) {
        var r = push(body(op(override)));

        assertRefused(r, 400, "validation_failed");
        assertThat(r.json().get("message").asString()).contains(rule);
    }

    @Test
    void anEmptyOpListIsAValidationFailure() {
        assertRefused(push(body()), 400, "validation_failed");
    }

    @Test
    void aBodyOverTheLimitIsRefusedFromItsContentLength() {
        var body = body(op("\"fields\":{\"title\":\"" + "x".repeat(MAX_BODY) + "\"}"));

        assertRefused(push(body), 413, "payload_too_large");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileReading() {
        var bytes = body(op("\"fields\":{\"title\":\"" + "x".repeat(MAX_BODY) + "\"}"))
                .getBytes(StandardCharsets.UTF_8);
        var request = f.request("/v1/spaces/default/ops", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));

        assertRefused(f.send(request), 413, "payload_too_large");
    }

    @Test
    void moreOpsThanTheLimitAreABatchTooLarge() {
        var r = push(HttpFixture.pushJson(device, HttpFixture.upserts(device, MAX_OPS + 1, new Hlc(T0.wallMillis()
                + 100, 0))));

        assertRefused(r, 413, "batch_too_large");
        assertThat(r.json().get("message").asString()).contains("at most " + MAX_OPS + " ops");
    }

    @Test
    void anOpLargerThanTheLimitIsABatchTooLarge() {
        var big = new Op(UUID.randomUUID(), "todos", "r", OpKind.UPSERT,
                Map.of("title", StringNode.valueOf("x".repeat(MAX_OP_BYTES))), new Hlc(T0.wallMillis() + 100, 0),
                device, 1);

        var r = push(HttpFixture.pushJson(device, List.of(big)));

        assertRefused(r, 413, "batch_too_large");
        assertThat(r.json().get("message").asString()).contains("ops[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx"})
    void aPushThatIsNotDeclaredAsJsonIsAnUnsupportedMediaType(String type) {
        var request = f.request("/v1/spaces/default/ops", key).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body(op(""))));

        assertRefused(f.send(request), 415, "unsupported_media_type");
    }

    @Test
    void aBodyWithoutContentTypeIsAnUnsupportedMediaType() {
        var request = f.request("/v1/devices", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"h\",\"platform\":\"p\"}"));

        assertRefused(f.send(request), 415, "unsupported_media_type");
    }

    @Test
    void aPushFromAnUnregisteredDeviceIsAnUnknownDevice() {
        var stranger = UUID.randomUUID();

        var r = push(HttpFixture.pushJson(stranger, HttpFixture.upserts(stranger, 1, T0)));

        assertRefused(r, 400, "unknown_device");
    }

    @Test
    void aPushFromAnotherUsersDeviceIsAnUnknownDevice() {
        var bob = f.user("bob");
        var bobsDevice = f.device(bob);
        before = f.snapshot();

        var r = push(HttpFixture.pushJson(bobsDevice, HttpFixture.upserts(bobsDevice, 1, T0)));

        assertRefused(r, 400, "unknown_device");
    }

    @Test
    void aReusedOpIdWithOtherContentIsAConflict() {
        var first = HttpFixture.upsert(device, "a", new Hlc(T0.wallMillis() + 100, 0), "one");
        push(HttpFixture.pushJson(device, List.of(first)));
        before = f.snapshot();
        var forged = new Op(first.opId(), "todos", "a", OpKind.UPSERT, Map.of("title", StringNode.valueOf("two")),
                new Hlc(T0.wallMillis() + 200, 0), device, 1);

        var r = push(HttpFixture.pushJson(device, List.of(forged)));

        assertRefused(r, 409, "op_id_conflict");
    }

    @Test
    void aClockThatWentBackwardsIsAnHlcRegressionWithTheStoredMaximum() {
        var r = push(HttpFixture.pushJson(device, HttpFixture.upserts(device, 1, T0)));

        assertRefused(r, 409, "hlc_regression");
        assertThat(r.json().get("details").get("max_hlc").asString()).isEqualTo(new Hlc(T0.wallMillis(), 3)
                .encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "99999999999999999999", "", "0x10"})
    void aBadCursorIsABadRequest(String after) {
        var r = f.get("/v1/spaces/default/ops?after=" + after, key);

        assertRefused(r, 400, "bad_request");
        assertThat(r.json().get("message").asString()).contains("after must be a non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "x", "9999999999"})
    void aBadLimitIsABadRequest(String limit) {
        var r = f.get("/v1/spaces/default/ops?limit=" + limit, key);

        assertRefused(r, 400, "bad_request");
        assertThat(r.json().get("message").asString()).contains("limit must be an integer within 1..100");
    }

    @Test
    void anUnknownPathIsAJsonNotFound() {
        assertRefused(f.get("/v1/nothing-here", key), 404, "not_found");
        assertRefused(f.get("/nothing-here", null), 404, "not_found");
    }

    @Test
    void aWrongMethodIsAJsonMethodNotAllowed() {
        assertRefused(f.send(f.request("/v1/me", key).DELETE()), 405, "method_not_allowed");
        assertRefused(f.send(f.request("/v1/spaces/default/ops", key).PUT(HttpRequest.BodyPublishers.noBody())), 405,
                "method_not_allowed");
    }

    static Stream<Arguments> badDevices() {
        return Stream.of(
                Arguments.of("{\"hostname\":\"\",\"platform\":\"linux\"}", "validation_failed"),
                Arguments.of("{\"hostname\":\"" + "h".repeat(201) + "\",\"platform\":\"linux\"}", "validation_failed"),
                Arguments.of("{\"hostname\":\"a\\u0000b\",\"platform\":\"linux\"}", "validation_failed"),
                Arguments.of("{\"hostname\":\"laptop\"}", "validation_failed"),
                Arguments.of("{\"hostname\":42,\"platform\":\"linux\"}", "invalid_json"),
                Arguments.of("{\"hostname\":\"laptop\",\"platform\":[]}", "invalid_json"),
                Arguments.of("{\"hostname\":", "invalid_json"));
    }

    @ParameterizedTest
    @MethodSource("badDevices")
    void aBadDeviceRegistrationIsRefusedAndRegistersNothing(String body, String code) {
        assertRefused(f.post("/v1/devices", key, body), 400, code);
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        var nested = "[".repeat(1500) + "]".repeat(1500);

        assertRefused(push(body(op("\"fields\":{\"title\":" + nested + "}"))), 400, "invalid_json");
    }

    static String raw(int port, String request) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/me HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"})
    void malformedHttpIsAnsweredWithAJsonError(String request) throws IOException {
        var response = raw(f.server.port(), request);

        assertThat(response).startsWith("HTTP/1.1 400").contains("X-Request-Id: req_")
                .contains("Content-Type: application/json").contains("\"code\":\"bad_request\"");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void oversizedHeadersAreAnsweredWithAJsonError() throws IOException {
        var response = raw(f.server.port(), "GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431").contains("\"code\":\"bad_request\"");
    }
}
