package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.synckit.server.internal.auth.ApiKeys;

class AuthTest {

    @TempDir
    Path dir;
    HttpFixture f;
    String key;

    @BeforeEach
    void start() {
        f = HttpFixture.start(dir);
        key = f.user("alice");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static Stream<String> endpoints() {
        return Stream.of("GET /v1/me", "GET /v1/devices", "POST /v1/devices", "GET /v1/spaces/default/ops",
                "POST /v1/spaces/default/ops");
    }

    HttpFixture.Response call(String endpoint, String authorization) {
        var parts = endpoint.split(" ");
        var b = HttpRequest.newBuilder(f.uri(parts[1])).header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(parts[0], parts[0].equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        return f.send(b);
    }

    static void assertUnauthorized(HttpFixture.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"synckit\"");
        assertThat(r.json().get("request_id").asString()).isEqualTo(r.headers().firstValue("X-Request-Id")
                .orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void everyV1EndpointRefusesARequestWithoutAKeyAndChangesNothing(String endpoint) {
        var before = f.snapshot();

        var r = call(endpoint, null);

        assertUnauthorized(r);
        assertThat(r.json().get("message").asString()).contains("Authorization: Bearer");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void everyV1EndpointRefusesAnUnknownKey(String endpoint) {
        var before = f.snapshot();

        var r = call(endpoint, "Bearer " + ApiKeys.newSecret());

        assertUnauthorized(r);
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void malformedAuthorizationHeadersAreUnauthorized() {
        assertUnauthorized(call("GET /v1/me", "Basic YWxpY2U6c2VjcmV0"));
        assertUnauthorized(call("GET /v1/me", "Bearer"));
        assertUnauthorized(call("GET /v1/me", "Bearer not-a-key"));
        assertUnauthorized(call("GET /v1/me", key));
        assertUnauthorized(call("GET /v1/me", "Bearer " + key + "x"));
    }

    @Test
    void aRevokedKeyIsRefusedOnTheNextRequest() {
        var extra = f.user("bob");
        String keyId;
        try (var admin = f.admin()) {
            keyId = admin.listApiKeys("bob").getFirst().keyId();
        }
        assertThat(f.get("/v1/me", extra).status()).isEqualTo(200);

        try (var admin = f.admin()) {
            admin.revokeApiKey(keyId);
        }

        assertUnauthorized(f.get("/v1/me", extra));
        assertThat(f.get("/v1/me", key).status()).isEqualTo(200);
    }

    @Test
    void healthAndReadinessNeedNoKey() {
        assertThat(f.get("/health", null).status()).isEqualTo(200);
        assertThat(f.get("/ready", null).status()).isEqualTo(200);
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertThat(call("GET /v1/me", "bearer " + key).status()).isEqualTo(200);
    }
}
