package dev.synckit.bench;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the WebSocket messages a device sends and receives, on the client side: a {@link WebSocket.Builder} that
 * wraps the socket (sent messages) and the listener (received messages) of every socket it opens. A message is
 * counted once, at its last part; control frames (the JDK's automatic ping/pong, close) are not counted. The
 * SyncKit protocol's own heartbeat is a text message ({@code ping}/{@code pong}) and is counted. It also notes when the
 * newest socket received its first message: the engine subscribes once its catch-up sync is done, and the server's
 * first message is the answer, {@code subscribed}.
 */
final class CountingWebSocket {

    /** The counters of one device's sockets. Safe for concurrent use. */
    static final class Counters {
        final AtomicLong opened = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        /** When the newest socket received its first message (epoch microseconds), or -1 before that. */
        volatile long newestFirstReceived = -1;
    }

    private CountingWebSocket() {
    }

    /** Wraps a builder so that every socket it builds is counted in {@code counters}. */
    static WebSocket.Builder builder(WebSocket.Builder delegate, Counters counters) {
        return new Builder(delegate, counters);
    }

    private record Builder(WebSocket.Builder delegate, Counters counters) implements WebSocket.Builder {

        @Override
        public WebSocket.Builder header(String name, String value) {
            delegate.header(name, value);
            return this;
        }

        @Override
        public WebSocket.Builder connectTimeout(Duration timeout) {
            delegate.connectTimeout(timeout);
            return this;
        }

        @Override
        public WebSocket.Builder subprotocols(String mostPreferred, String... lesserPreferred) {
            delegate.subprotocols(mostPreferred, lesserPreferred);
            return this;
        }

        @Override
        public CompletableFuture<WebSocket> buildAsync(URI uri, WebSocket.Listener listener) {
            counters.opened.incrementAndGet();
            counters.newestFirstReceived = -1;
            return delegate.buildAsync(uri, new Listener(listener, counters, new AtomicBoolean()))
                    .thenApply(socket -> new Socket(socket, counters));
        }
    }

    private record Listener(WebSocket.Listener delegate, Counters counters, AtomicBoolean received)
            implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            delegate.onOpen(webSocket);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last) {
                counters.received.incrementAndGet();
                if (received.compareAndSet(false, true)) {
                    counters.newestFirstReceived = WallClock.micros();
                }
            }
            return delegate.onText(webSocket, data, last);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) {
                counters.received.incrementAndGet();
            }
            return delegate.onBinary(webSocket, data, last);
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            return delegate.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            return delegate.onPong(webSocket, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            return delegate.onClose(webSocket, statusCode, reason);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            delegate.onError(webSocket, error);
        }
    }

    private record Socket(WebSocket delegate, Counters counters) implements WebSocket {

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            if (last) {
                counters.sent.incrementAndGet();
            }
            return delegate.sendText(data, last).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            if (last) {
                counters.sent.incrementAndGet();
            }
            return delegate.sendBinary(data, last).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return delegate.sendPing(message).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return delegate.sendPong(message).thenApply(s -> this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return delegate.sendClose(statusCode, reason).thenApply(s -> this);
        }

        @Override
        public void request(long n) {
            delegate.request(n);
        }

        @Override
        public String getSubprotocol() {
            return delegate.getSubprotocol();
        }

        @Override
        public boolean isOutputClosed() {
            return delegate.isOutputClosed();
        }

        @Override
        public boolean isInputClosed() {
            return delegate.isInputClosed();
        }

        @Override
        public void abort() {
            delegate.abort();
        }
    }
}
