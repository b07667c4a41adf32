package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.store.sqlite.SqliteStore;

/**
 * Where the server's code runs: Jetty's selector and acceptor on platform threads (a selector on a virtual thread can
 * miss the wakeup for a just-accepted connection, which then sits unread), and every handler, HTTP and WebSocket, on
 * a virtual thread of its own, since handlers block (on the store, on the writer's commit).
 */
class HttpApiThreadsTest {

    @TempDir
    Path dir;

    static String where() {
        var t = Thread.currentThread();
        return (t.isVirtual() ? "virtual " : "platform ") + t.getName();
    }

    @Test
    void jettySelectsOnPlatformThreadsAndHandlersRunOnVirtualThreads() throws Exception {
        var config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).build();
        try (var store = SqliteStore.open(dir.resolve("synckit.db"));
             var api = HttpApi.start(config, store, new SpaceOps(store, config, HttpApi.NOBODY), cfg -> {
                 cfg.routes.get("/test/thread", ctx -> ctx.result(where()));
                 cfg.routes.ws("/test/ws", ws -> ws.onMessage(ctx -> ctx.send(where())));
             });
             var http = HttpClient.newHttpClient()) {
            var base = "127.0.0.1:" + api.port();

            var handler = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/test/thread")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(handler).startsWith("virtual synckit-request-");

            var frame = new CompletableFuture<String>();
            var socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://" + base + "/test/ws"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            frame.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText("where?", true).get(10, TimeUnit.SECONDS);
            assertThat(frame.get(10, TimeUnit.SECONDS)).startsWith("virtual synckit-request-");
            socket.abort();

            // Platform threads are the only ones Thread.getAllStackTraces lists.
            var selecting = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> Arrays.stream(e.getValue())
                            .anyMatch(f -> f.getClassName().startsWith("org.eclipse.jetty.io.ManagedSelector")))
                    .map(e -> e.getKey().getName()).toList();
            assertThat(selecting).isNotEmpty().allMatch(name -> name.startsWith("synckit-jetty-"));
        }
    }
}
