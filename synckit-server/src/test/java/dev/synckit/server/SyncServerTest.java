package dev.synckit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncServerTest {

    @TempDir
    Path dir;

    static ServerConfig.Builder config(Path dir) {
        return ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir);
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @BeforeAll
    static void loadClasses(@TempDir Path warmUp) {
        // The first start in a JVM loads Jetty, Flyway and SQLite's native library; measure the server, not that.
        SyncServer.start(config(warmUp).build()).close();
    }

    @Test
    void startsOnARandomLoopbackPortWithinTwoSecondsAndAnswersHealth() throws Exception {
        long started = System.nanoTime();

        try (var server = SyncServer.start(config(dir.resolve("data")).build())) {
            var elapsed = Duration.ofNanos(System.nanoTime() - started);
            var health = get(server.baseUri().resolve("/health"));

            assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
            assertThat(server.port()).isPositive();
            assertThat(server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(dir.resolve("data/synckit.db")).exists();
        }
    }

    @Test
    void readyAnswersOnceTheStoreIsMigrated() throws Exception {
        try (var server = SyncServer.start(config(dir).build())) {
            var ready = get(server.baseUri().resolve("/ready"));

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
        }
    }

    @Test
    void closeIsIdempotentAndStopsListening() {
        var server = SyncServer.start(config(dir).build());
        var uri = server.baseUri().resolve("/health");

        server.close();
        server.close();

        assertThatThrownBy(() -> get(uri)).isInstanceOf(IOException.class);
    }

    @Test
    void aTakenPortFailsTheStartWithTheAddressInTheMessage() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var config = config(dir).port(taken.getLocalPort()).build();

            assertThatThrownBy(() -> SyncServer.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        try (var admin = Admin.open(config(dir).build())) {
            assertThat(admin.createUser("after-failed-start")).isNotNull();
        }
    }

    @Test
    void aWildcardHostIsReportedAsLoopback() throws Exception {
        try (var server = SyncServer.start(config(dir).host("0.0.0.0").build())) {
            assertThat(server.baseUri().getHost()).isEqualTo("127.0.0.1");
            assertThat(get(server.baseUri().resolve("/health")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theStoreSurvivesARestart() {
        var config = config(dir).build();
        String key;
        try (var admin = Admin.open(config)) {
            admin.createUser("alice");
            key = admin.createApiKey("alice").keyId();
        }
        SyncServer.start(config).close();

        try (var server = SyncServer.start(config); var admin = Admin.open(config)) {
            assertThat(server.port()).isPositive();
            assertThat(admin.listApiKeys("alice")).extracting(ApiKeyInfo::keyId).containsExactly(key);
        }
    }

    @Test
    void materializedRowsOfAnUnknownSpaceAreEmptyAndTableNamesAreChecked() {
        try (var server = SyncServer.start(config(dir).build())) {
            assertThat(server.materializedRows(UUID.randomUUID(), "todos")).isEmpty();
            assertThatThrownBy(() -> server.materializedRows(UUID.randomUUID(), "no such table"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
