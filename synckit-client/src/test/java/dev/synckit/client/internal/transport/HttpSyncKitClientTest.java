package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.synckit.client.AuthException;
import dev.synckit.client.ConflictException;
import dev.synckit.client.NetworkException;
import dev.synckit.client.ResyncRequiredException;
import dev.synckit.client.ServerException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;

import tools.jackson.databind.node.JsonNodeFactory;

class HttpSyncKitClientTest {

    private static final String KEY = "sk_test_0123456789";
    private static final UUID SPACE = UUID.fromString("00000000-0000-7000-8000-0000000000f0");
    private static final UUID DEVICE = UUID.fromString("00000000-0000-7000-8000-00000000000a");

    private StubHttpServer server;
    private SyncKitClient client;

    @BeforeEach
    void start() throws Exception {
        server = new StubHttpServer();
        client = SyncKitClient.builder().serverUrl(URI.create(server.uri() + "/")).apiKey(KEY)
                .requestTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private static Op op() {
        return new Op(UUID.fromString("01900000-0000-7000-8000-000000000001"), "tasks", "t1", OpKind.UPSERT,
                Map.of("title", JsonNodeFactory.instance.stringNode("Dishes")), new Hlc(1_700_000_000_000L, 3),
                DEVICE, 1);
    }

    @Test
    void accountSendsTheBearerKeyAndParsesTheAnswer() {
        server.answer(200, "{\"user_id\":\"" + DEVICE + "\",\"user_name\":\"alice\",\"default_space_id\":\""
                + SPACE + "\"}");

        var account = client.account();

        assertThat(account.userName()).isEqualTo("alice");
        assertThat(account.defaultSpaceId()).isEqualTo(SPACE);
        var request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.target()).isEqualTo("/v1/me");
        assertThat(request.headers()).containsEntry("authorization", "Bearer " + KEY);
    }

    @Test
    void pushPostsSnakeCaseJsonAndReturnsOneResultPerOp() {
        server.answer(200, "{\"results\":[{\"op_id\":\"01900000-0000-7000-8000-000000000001\",\"status\":\"applied\","
                + "\"seq\":7}],\"last_seq\":7}");

        var response = client.push(SPACE, DEVICE, List.of(op()));

        assertThat(response.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(OpStatus.APPLIED);
            assertThat(r.seq()).isEqualTo(7L);
        });
        var request = server.requests().getFirst();
        assertThat(request.target()).isEqualTo("/v1/spaces/" + SPACE + "/ops");
        assertThat(request.headers()).containsEntry("content-type", "application/json");
        assertThat(request.body()).contains("\"device_id\":\"" + DEVICE + "\"", "\"op_id\":", "\"row_id\":\"t1\"",
                "\"kind\":\"upsert\"", "\"hlc\":\"1700000000000-00003\"");
    }

    @Test
    void pullAsksFromTheCursorWithTheLimit() {
        server.answer(200, "{\"ops\":[],\"next_cursor\":5,\"has_more\":false}");

        var page = client.pull(SPACE, 5, 1000);

        assertThat(page.nextCursor()).isEqualTo(5);
        assertThat(server.requests().getFirst().target()).isEqualTo("/v1/spaces/" + SPACE + "/ops?after=5&limit=1000");
    }

    @Test
    void anEncodedPushBodyIsSentAsItIsAndItsResultsChecked() {
        var writer = new PushBodyWriter(DEVICE, 1);
        writer.add("01900000-0000-7000-8000-000000000001", "tasks", "t1", false, "{\"title\":\"Dishes\"}",
                "1700000000000-00003", Set.of("title"));
        var body = writer.finish();
        server.answer(200, "{\"results\":[{\"op_id\":\"01900000-0000-7000-8000-000000000001\",\"status\":"
                + "\"duplicate\",\"seq\":7}],\"last_seq\":7}")
                .answer(200, "{\"results\":[],\"last_seq\":7}");

        var response = ((BulkTransport) client).pushBody(SPACE, body);

        assertThat(response.results()).singleElement().extracting(r -> r.status()).isEqualTo(OpStatus.DUPLICATE);
        var request = server.requests().getFirst();
        assertThat(request.headers()).containsEntry("content-type", "application/json");
        assertThat(request.body()).isEqualTo(new String(body.json(), StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ((BulkTransport) client).pushBody(SPACE, body)).isInstanceOf(ServerException.class)
                .hasMessageContaining("push answer has 0 results for 1 ops");
    }

    @Test
    void aPulledPageIsDecodedFromTheStreamAndItsRulesChecked() {
        server.answer(200, "{\"ops\":[{\"seq\":6,\"op\":{\"op_id\":\"01900000-0000-7000-8000-000000000001\","
                + "\"table\":\"tasks\",\"row_id\":\"t1\",\"kind\":\"upsert\",\"fields\":{\"title\":\"Dishes\"},"
                + "\"hlc\":\"1700000000000-00003\",\"device_id\":\"" + DEVICE + "\",\"schema_version\":1}}],"
                + "\"next_cursor\":6,\"has_more\":true}")
                .answer(200, "{\"ops\":[{\"seq\":0,\"op\":{}}],\"next_cursor\":6,\"has_more\":false}");

        var page = ((BulkTransport) client).pullPage(SPACE, 5, 5000);

        assertThat(server.requests().getFirst().target()).isEqualTo("/v1/spaces/" + SPACE + "/ops?after=5&limit=5000");
        assertThat(page.nextCursor()).isEqualTo(6);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.ops()).singleElement().satisfies(op -> {
            assertThat(op.rowId()).isEqualTo("t1");
            assertThat(op.values()).containsExactly("Dishes");
        });
        assertThatThrownBy(() -> ((BulkTransport) client).pullPage(SPACE, 6, 10)).isInstanceOf(ServerException.class)
                .hasMessageContaining("is not a valid PullPage");
    }

    @Test
    void unauthorizedAndForbiddenBecomeAuthExceptions() {
        server.answer(401, "{\"code\":\"unauthorized\",\"message\":\"unknown key\",\"request_id\":\"r1\"}")
                .answer(403, "{\"code\":\"forbidden\",\"message\":\"not your space\",\"request_id\":\"r2\"}");

        assertThatThrownBy(client::account).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).contains(ErrorCode.UNAUTHORIZED);
            assertThat(e.requestId()).contains("r1");
            assertThat(e.getMessage()).isEqualTo("HTTP 401 unauthorized: unknown key (request id r1)");
        });
        assertThatThrownBy(() -> client.pull(SPACE, 0, 10)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void hlcRegressionBecomesAConflictExceptionCarryingTheServersMaximum() {
        server.answer(409, "{\"code\":\"hlc_regression\",\"message\":\"clock went backwards\",\"request_id\":\"r3\","
                + "\"details\":{\"max_hlc\":\"1800000000000-00002\"}}");

        assertThatThrownBy(() -> client.push(SPACE, DEVICE, List.of(op())))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).contains(ErrorCode.HLC_REGRESSION);
                    assertThat(e.maxHlc()).contains(Hlc.parse("1800000000000-00002"));
                });
    }

    @Test
    void goneBecomesResyncRequired() {
        server.answer(410, "{\"code\":\"resync_required\",\"message\":\"below watermark\",\"request_id\":\"r4\"}");

        assertThatThrownBy(() -> client.pull(SPACE, 1, 10)).isInstanceOfSatisfying(ResyncRequiredException.class,
                e -> assertThat(e.code()).contains(ErrorCode.RESYNC_REQUIRED));
    }

    @Test
    void otherErrorsBecomeServerExceptionsEvenWithoutAnErrorBody() {
        server.answer(502, "<html>bad gateway</html>")
                .answer(429, "{\"code\":\"rate_limited\",\"message\":\"slow down\",\"request_id\":\"r5\"}");

        assertThatThrownBy(client::account).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEmpty();
        });
        assertThatThrownBy(client::listDevices).isInstanceOfSatisfying(ServerException.class,
                e -> assertThat(e.code()).contains(ErrorCode.RATE_LIMITED));
    }

    @Test
    void aSuccessfulAnswerThatIsNotTheExpectedJsonIsAServerException() {
        server.answer(200, "{\"ops\":\"not a list\"}");

        assertThatThrownBy(() -> client.pull(SPACE, 0, 10)).isInstanceOf(ServerException.class)
                .hasMessageContaining("is not a valid PullPage");
    }

    @Test
    void anUnreachableServerIsANetworkException() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (var unreachable = SyncKitClient.builder().serverUrl(URI.create("http://127.0.0.1:" + port))
                .apiKey(KEY).build()) {
            assertThatThrownBy(unreachable::account).isInstanceOf(NetworkException.class)
                    .hasMessageNotContaining(KEY);
        }
    }

    @Test
    void closingAbortsARequestStillWaitingForASilentServer() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var waiting = SyncKitClient.builder().serverUrl(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                    .apiKey(KEY).requestTimeout(Duration.ofSeconds(120)).build();
            var failure = new CompletableFuture<Throwable>();
            var caller = Thread.ofPlatform().start(() -> {
                try {
                    waiting.account();
                    failure.complete(null);
                } catch (RuntimeException e) {
                    failure.complete(e);
                }
            });
            try (var accepted = silent.accept()) { // the request reached the server, which never answers
                long start = System.nanoTime();
                waiting.close();
                var closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                // Within the close's bounded wait, not the request's 120 s timeout.
                assertThat(closedAfterMs).isLessThan(60_000L);
                assertThat(failure.get(60, TimeUnit.SECONDS))
                        .isInstanceOf(NetworkException.class);
            }
            caller.join(10_000);
        }
    }

    @Test
    void theApiKeyNeverAppearsInToString() {
        assertThat(client.toString()).doesNotContain(KEY);
    }

    @Test
    void theBuilderRejectsBadSettings() {
        var b = SyncKitClient.builder();
        assertThatThrownBy(() -> b.serverUrl(URI.create("ftp://example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.serverUrl(URI.create("/relative"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.apiKey("key\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessage("serverUrl is required");
    }
}
