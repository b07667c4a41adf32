package dev.synckit.tests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.ApiError;
import dev.synckit.protocol.Device;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.PushResponse;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.SyncServer;
import dev.synckit.testkit.PgDatabase;
import dev.synckit.testkit.TcpProxy;
import dev.synckit.testkit.TestServer;
import tools.jackson.databind.node.StringNode;

/**
 * A server on PostgreSQL when the database goes away: requests get {@code 503 unavailable} with the usual JSON
 * error body and {@code /ready} reports 503, while {@code /health} stays 200; when the database is back, the same
 * server process answers normally again (the pool reconnects by itself). A {@link TcpProxy} between server and
 * PostgreSQL is cut and restored, so the shared PostgreSQL service keeps running.
 */
@Tag("postgres")
class PostgresOutageTest {

    static final Duration WITHIN = Duration.ofSeconds(30);
    static PgDatabase db;

    @TempDir
    Path dir;
    TcpProxy proxy;
    HttpClient http;

    @BeforeAll
    static void createDatabase() {
        db = PgDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        db.truncateAll();
        proxy = TcpProxy.start(db.host(), db.port());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stopProxy() {
        http.close();
        proxy.close();
    }

    @Test
    void requestsAre503WhileThePostgresqlIsUnreachableAndRecoverWithoutARestart() throws Exception {
        try (var server = TestServer.startPostgres(dir, db.jdbcUrlVia(proxy.host(), proxy.port()))) {
            String key = server.createUserWithKey("alice");
            var device = registerDevice(server.uri(), key);
            assertThat(get(server.uri(), "/ready", null).statusCode()).isEqualTo(200);
            assertThat(push(server.uri(), key, device, 1).statusCode()).isEqualTo(200);

            proxy.cut();

            await().atMost(WITHIN).untilAsserted(() -> assertUnavailable(get(server.uri(), "/v1/me", key)));
            assertUnavailable(get(server.uri(), "/ready", null));
            assertUnavailable(get(server.uri(), "/v1/spaces/default/ops?after=0", key));
            assertUnavailable(push(server.uri(), key, device, 2));
            assertThat(get(server.uri(), "/health", null).statusCode()).isEqualTo(200);

            proxy.restore();

            await().atMost(WITHIN).untilAsserted(
                    () -> assertThat(get(server.uri(), "/ready", null).statusCode()).isEqualTo(200));
            assertThat(get(server.uri(), "/v1/me", key).statusCode()).isEqualTo(200);
            var retried = push(server.uri(), key, device, 2);
            assertThat(retried.statusCode()).isEqualTo(200);
            var results = ProtocolJson.mapper().readValue(retried.body(), PushResponse.class).results();
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(OpStatus.APPLIED);
                assertThat(r.seq()).as("the push refused with 503 changed nothing").isEqualTo(2L);
            });
        }
    }

    @Test
    void aServerDoesNotStartWhilePostgresqlIsUnreachableAndSaysWhyWithoutThePassword() {
        proxy.cut();
        String url = "postgresql://postgres:s3cr3t-pw@" + proxy.host() + ":" + proxy.port() + "/" + db.name();
        var config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).databaseUrl(url).build();

        assertThatThrownBy(() -> SyncServer.start(config).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining(proxy.host() + ":" + proxy.port() + "/" + db.name())
                .hasMessageNotContaining("s3cr3t-pw");
        assertThat(config.toString()).doesNotContain("s3cr3t-pw").contains("postgres@");
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        var error = ProtocolJson.mapper().readValue(response.body(), ApiError.class);
        assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(error.message()).isNotBlank();
        assertThat(error.requestId()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("jdbc:");
    }

    private HttpResponse<String> get(URI base, String path, String key) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(WITHIN);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI base, String path, String key, Object body) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(WITHIN)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ProtocolJson.mapper().writeValueAsString(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private UUID registerDevice(URI base, String key) throws Exception {
        var response = post(base, "/v1/devices", key, new DeviceRegistration("outage-test", "test"));
        assertThat(response.statusCode()).isEqualTo(201);
        return ProtocolJson.mapper().readValue(response.body(), Device.class).deviceId();
    }

    /** Pushes one op with a fresh op id; its HLC and row come from {@code n}, so a second push of n regresses. */
    private HttpResponse<String> push(URI base, String key, UUID device, int n) throws Exception {
        var op = new Op(UUID.randomUUID(), "todos", "row-" + n, OpKind.UPSERT,
                Map.of("title", StringNode.valueOf("t" + n)), new Hlc(1_700_000_000_000L + n, 0), device, 1);
        return post(base, "/v1/spaces/default/ops", key, new PushRequest(device, List.of(op)));
    }
}
