package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.ServerFrame;

/**
 * A test's own realtime connection through the JDK's WebSocket client: sends frames (or any text), and records what
 * the server sends, in order, for the test to wait on. Reads everything the server sends (see {@link RawSocket} for
 * a client that does not).
 */
final class WsProbe implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsProbe(URI server, String apiKey) {
        var ws = URI.create(server.toString().replaceFirst("^http", "ws") + "/v1/ws");
        this.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + apiKey)
                .buildAsync(ws, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    static WsProbe open(URI server, String apiKey) {
        return new WsProbe(server, apiKey);
    }

    void send(ClientFrame frame) {
        sendText(ProtocolJson.mapper().writeValueAsString(frame));
    }

    void sendText(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Waits for the next frame. */
    ServerFrame next() throws InterruptedException {
        var frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(frame).as("a frame within %s", WAIT).isNotNull();
        return frame;
    }

    /** Waits for the next frame and checks its type. */
    <T extends ServerFrame> T next(Class<T> type) throws InterruptedException {
        var frame = next();
        assertThat(frame).isInstanceOf(type);
        return type.cast(frame);
    }

    /** Waits for a frame that matches, returning the frames before it too (for assertions on order). */
    List<ServerFrame> until(Predicate<ServerFrame> last) throws InterruptedException {
        var out = new ArrayList<ServerFrame>();
        while (true) {
            var frame = next();
            out.add(frame);
            if (last.test(frame)) {
                return out;
            }
        }
    }

    /** Returns the frames received so far and not taken yet, without waiting. */
    List<ServerFrame> drain() {
        var out = new ArrayList<ServerFrame>();
        frames.drainTo(out);
        return out;
    }

    /** Waits for the server to close the connection and returns the close code. */
    int closeCode() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the TCP connection without a close handshake, as a crashed client would. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(ProtocolJson.mapper().readValue(text.toString(), ServerFrame.class));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
