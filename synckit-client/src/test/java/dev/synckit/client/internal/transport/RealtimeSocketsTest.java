package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.synckit.client.AuthException;
import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncKitClient;

class RealtimeSocketsTest {

    static final String KEY = "sk_" + "A".repeat(43);

    @Test
    void theSocketUrlIsTheBaseUrlWithAWebSocketSchemeAndTheEndpointPath() {
        assertThat(RealtimeSockets.uri("http://127.0.0.1:8787")).isEqualTo(URI.create("ws://127.0.0.1:8787/v1/ws"));
        assertThat(RealtimeSockets.uri("https://sync.example.org/base"))
                .isEqualTo(URI.create("wss://sync.example.org/base/v1/ws"));
        assertThat(RealtimeSockets.uri("HTTPS://sync.example.org"))
                .isEqualTo(URI.create("wss://sync.example.org/v1/ws"));
    }

    @Test
    void theUpgradeCarriesTheKeyAndARefusalOfTheKeyIsAnAuthException() throws Exception {
        try (var stub = new StubHttpServer().answer(401, "{\"code\":\"unauthorized\"}");
             var client = SyncKitClient.builder().serverUrl(stub.uri()).apiKey(KEY)
                     .requestTimeout(Duration.ofSeconds(10)).build()) {
            var failure = catchThrowable(() -> client.openRealtime(new WebSocket.Listener() { }).join());

            assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOf(AuthException.class)
                    .hasMessageNotContaining(KEY);
            assertThat(((AuthException) failure.getCause()).status()).isEqualTo(401);
            var upgrade = stub.requests().getFirst();
            assertThat(upgrade.target()).isEqualTo("/v1/ws");
            assertThat(upgrade.headers()).containsEntry("authorization", "Bearer " + KEY)
                    .containsEntry("upgrade", "websocket");
        }
    }

    @Test
    void anotherRefusalOfTheUpgradeIsANetworkException() throws Exception {
        try (var stub = new StubHttpServer().answer(404, "{\"code\":\"not_found\"}");
             var client = SyncKitClient.builder().serverUrl(stub.uri()).apiKey(KEY)
                     .requestTimeout(Duration.ofSeconds(10)).build()) {
            var failure = catchThrowable(() -> client.openRealtime(new WebSocket.Listener() { }).join());

            assertThat(failure.getCause()).isInstanceOf(NetworkException.class).hasMessageContaining("404");
        }
    }
}
