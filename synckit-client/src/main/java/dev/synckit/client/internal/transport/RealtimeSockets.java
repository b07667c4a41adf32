package dev.synckit.client.internal.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.synckit.client.AuthException;
import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncKitException;

/**
 * Opens the realtime WebSocket of a server with the JDK's client: the URL ({@code http→ws}, {@code https→wss}, path
 * {@value #PATH} after the base URL's own path), the key in {@code Authorization} on the upgrade request, and the
 * failures mapped like HTTP ones (401/403 → {@link AuthException}, anything else → {@link NetworkException}). Never
 * logs or puts the key in a message.
 */
public final class RealtimeSockets {

    /** The endpoint's path below the server's base URL. */
    public static final String PATH = "/v1/ws";

    private RealtimeSockets() {
    }

    /**
     * Returns the WebSocket URI of a server.
     *
     * @param base the server's base URL without a trailing slash, {@code http} or {@code https}
     * @return the {@code ws} or {@code wss} URI of {@value #PATH}
     */
    public static URI uri(String base) {
        return URI.create((base.regionMatches(true, 0, "https", 0, 5) ? "wss" : "ws")
                + base.substring(base.indexOf(':')) + PATH);
    }

    /**
     * Starts opening the socket.
     *
     * @param http the client to open it with
     * @param base the server's base URL without a trailing slash
     * @param authorization the {@code Authorization} header value
     * @param timeout how long the connect and the upgrade may take
     * @param listener the socket's listener
     * @return completed with the open socket, or exceptionally with a {@link SyncKitException}
     */
    public static CompletableFuture<WebSocket> open(HttpClient http, String base, String authorization,
                                                    Duration timeout, WebSocket.Listener listener) {
        var uri = uri(base);
        return http.newWebSocketBuilder().header("Authorization", authorization).connectTimeout(timeout)
                .buildAsync(uri, listener).orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(e)));
    }

    private static SyncKitException failure(Throwable e) {
        var cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            if (status == 401 || status == 403) {
                return new AuthException(status, null, "the server refused the API key for the realtime socket ("
                        + status + ")", null);
            }
            return new NetworkException("the server refused the realtime socket (HTTP " + status + ")", h);
        }
        if (cause instanceof TimeoutException) {
            return new NetworkException("opening the realtime socket timed out", cause);
        }
        return new NetworkException("opening the realtime socket failed: " + cause, cause);
    }
}
