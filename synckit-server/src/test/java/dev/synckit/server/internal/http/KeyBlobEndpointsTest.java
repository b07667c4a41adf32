package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synckit.protocol.PutKeyBlobRequest;
import dev.synckit.protocol.ProtocolJson;

/** {@code GET /v1/keys} and {@code PUT /v1/keys}: the wrapped-key blob, per user, compare-and-set on its version. */
class KeyBlobEndpointsTest {

    @TempDir
    Path dir;
    HttpFixture f;
    String alice;

    @BeforeEach
    void start() {
        f = HttpFixture.start(dir);
        alice = f.user("alice");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    HttpFixture.Response put(@Nullable String key, String json) {
        return f.send(f.request("/v1/keys", key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static String body(String blob, long expectedVersion) {
        return ProtocolJson.mapper().writeValueAsString(new PutKeyBlobRequest(blob, expectedVersion));
    }

    void assertRefused(HttpFixture.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.json().get("message").asString()).isNotBlank();
        assertThat(r.json().get("request_id").asString()).isEqualTo(r.headers().firstValue("X-Request-Id")
                .orElseThrow());
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aUserWithoutABlobGetsNotFound() {
        assertRefused(f.get("/v1/keys", alice), 404, "not_found");
    }

    @Test
    void aCreatedBlobIsReturnedWithItsVersionAndTime() {
        var created = put(alice, body("{\"v\":1,\"wrapped\":\"AAAA\"}", 0));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("version").asLong()).isEqualTo(1);

        var got = f.get("/v1/keys", alice);
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.json().get("blob").asString()).isEqualTo("{\"v\":1,\"wrapped\":\"AAAA\"}");
        assertThat(got.json().get("version").asLong()).isEqualTo(1);
        assertThat(got.json().get("updated_at").asString()).isNotBlank();
    }

    @Test
    void aPutWithTheCurrentVersionReplacesTheBlobAndAStaleOneIsAConflict() {
        put(alice, body("one", 0));
        var second = put(alice, body("two", 1));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("version").asLong()).isEqualTo(2);
        var before = f.snapshot();

        assertRefused(put(alice, body("stale", 1)), 409, "version_conflict");
        assertRefused(put(alice, body("create again", 0)), 409, "version_conflict");
        assertRefused(put(alice, body("future", 7)), 409, "version_conflict");

        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(f.get("/v1/keys", alice).json().get("blob").asString()).isEqualTo("two");
    }

    @Test
    void usersCannotSeeOrChangeEachOthersBlobs() {
        var bob = f.user("bob");
        put(alice, body("alice's", 0));

        assertRefused(f.get("/v1/keys", bob), 404, "not_found");
        assertThat(put(bob, body("bob's", 0)).json().get("version").asLong()).isEqualTo(1);

        assertThat(f.get("/v1/keys", alice).json().get("blob").asString()).isEqualTo("alice's");
        assertThat(f.get("/v1/keys", bob).json().get("blob").asString()).isEqualTo("bob's");
    }

    @Test
    void aBlobAtTheLimitIsStoredAndOneByteMoreIsTooLarge() {
        var before = f.snapshot();
        assertRefused(put(alice, body("x".repeat(PutKeyBlobRequest.MAX_BLOB_BYTES + 1), 0)), 413,
                "payload_too_large");
        // Multi-byte characters count in UTF-8 bytes.
        assertRefused(put(alice, body("é".repeat(PutKeyBlobRequest.MAX_BLOB_BYTES / 2 + 1), 0)), 413,
                "payload_too_large");
        assertThat(f.snapshot()).isEqualTo(before);

        var atLimit = put(alice, body("x".repeat(PutKeyBlobRequest.MAX_BLOB_BYTES), 0));
        assertThat(atLimit.status()).as(atLimit.toString()).isEqualTo(200);
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsParsed() {
        var before = f.snapshot();
        assertRefused(put(alice, "{\"blob\":\"" + "x".repeat(1 << 20) + "\",\"expected_version\":0}"), 413,
                "payload_too_large");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "null", "{}", "{\"blob\":\"b\"}", "{\"expected_version\":0}",
        "{\"blob\":42,\"expected_version\":0}", "{\"blob\":\"b\",\"expected_version\":\"0\"}",
        "{\"blob\":\"b\",\"expected_version\":1.5}", "{\"blob\":null,\"expected_version\":0}",
        "{\"blob\":\"b\",\"expected_version\":null}", "{\"blob\":{\"a\":1},\"expected_version\":0}",
        "{\"blob\":\"b\",\"expected_version\":99999999999999999999999}",
        "{\"blob\":\"b\",\"expected_version\":0} trailing"
    })
    void aMalformedBodyIsInvalidJsonAndChangesNothing(String json) {
        put(alice, body("kept", 0));
        var before = f.snapshot();

        assertRefused(put(alice, json), 400, "invalid_json");

        assertThat(f.snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"blob\":\"\",\"expected_version\":0}", "{\"blob\":\"b\",\"expected_version\":-1}"})
    void anEmptyBlobOrANegativeVersionFailsValidationAndChangesNothing(String json) {
        var before = f.snapshot();

        assertRefused(put(alice, json), 400, "validation_failed");

        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsRefused() {
        var before = f.snapshot();
        var r = f.send(f.request("/v1/keys", alice).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(body("b", 0))));

        assertRefused(r, 415, "unsupported_media_type");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void withoutCredentialsNothingIsReadOrWritten() {
        put(alice, body("secret", 0));
        var before = f.snapshot();

        assertRefused(f.get("/v1/keys", null), 401, "unauthorized");
        assertRefused(put(null, body("evil", 1)), 401, "unauthorized");
        assertRefused(put("sk_wrong", body("evil", 1)), 401, "unauthorized");

        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void otherMethodsAreNotAllowed() {
        var r = f.send(f.request("/v1/keys", alice).DELETE());
        assertRefused(r, 405, "method_not_allowed");
    }

    @Test
    void concurrentPutsWithTheSameExpectedVersionLetExactlyOneWin() throws Exception {
        put(alice, body("start", 0));
        int n = 8;
        var go = new CountDownLatch(1);
        var statuses = new ArrayList<Integer>();
        try (var pool = Executors.newFixedThreadPool(n)) {
            var futures = new ArrayList<Future<HttpFixture.Response>>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return put(alice, body("device " + index, 1));
                }));
            }
            go.countDown();
            for (var fu : futures) {
                statuses.add(fu.get(60, TimeUnit.SECONDS).status());
            }
        }

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(n - 1);
        var stored = f.get("/v1/keys", alice).json();
        assertThat(stored.get("version").asLong()).isEqualTo(2);
        assertThat(stored.get("blob").asString()).startsWith("device ");
    }
}
