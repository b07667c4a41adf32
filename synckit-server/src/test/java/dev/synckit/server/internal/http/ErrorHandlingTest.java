package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.ApiError;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.server.Admin;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import io.javalin.Javalin;

class ErrorHandlingTest {

    @TempDir
    Path dir;

    static HttpResponse<String> get(URI uri, String key) throws Exception {
        var b = HttpRequest.newBuilder(uri);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnexpectedFailureIsAn500WithTheRequestIdAndNoDetails() throws Exception {
        var app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            ErrorHandling.install(cfg.routes);
            cfg.routes.before(RequestIds::assign);
            cfg.routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret row value 4711");
            });
        }).start();
        try {
            var r = get(URI.create("http://127.0.0.1:" + app.port() + "/boom"), null);

            assertThat(r.statusCode()).isEqualTo(500);
            var error = ProtocolJson.mapper().readValue(r.body(), ApiError.class);
            assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(error.requestId()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat(r.body()).doesNotContain("4711").doesNotContain("IllegalStateException")
                    .doesNotContain("at dev.synckit");
        } finally {
            app.stop();
        }
    }

    @Test
    void aStoreThatDoesNotAnswerMakesReadyAndRequests503() throws Exception {
        var config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).build();
        String key;
        try (var admin = Admin.open(config)) {
            admin.createUser("alice");
            key = admin.createApiKey("alice").secret();
        }
        var store = SqliteStore.open(dir.resolve("synckit.db"));
        try (var http = HttpApi.start(config, store)) {
            var base = "http://127.0.0.1:" + http.port();
            assertThat(get(URI.create(base + "/ready"), null).statusCode()).isEqualTo(200);

            store.close();
            var ready = get(URI.create(base + "/ready"), null);
            var me = get(URI.create(base + "/v1/me"), key);

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ProtocolJson.mapper().readValue(ready.body(), ApiError.class).code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(me.statusCode()).isEqualTo(503);
            assertThat(ProtocolJson.mapper().readValue(me.body(), ApiError.class).code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(get(URI.create(base + "/health"), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void errorCodesForBareStatusesFollowTheProtocolTable() {
        assertThat(ErrorHandling.forStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorHandling.forStatus(405)).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorHandling.forStatus(413)).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ErrorHandling.forStatus(431)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(ErrorHandling.forStatus(502)).isEqualTo(ErrorCode.INTERNAL);
    }
}
