package dev.synckit.bench;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that counts the requests sent through it, and the time blocking {@code send} calls take until
 * the response headers arrived, and otherwise delegates, so that a workload can report how many HTTP requests a push
 * or a pull took and how much of its time was spent waiting for the server. It also opens WebSockets (the engine's
 * realtime socket) and counts their messages ({@link CountingWebSocket}); WebSocket upgrades are counted there, not
 * as requests. Several counting clients may share one delegate. Safe for concurrent use.
 */
final class CountingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong sendNanos = new AtomicLong();
    private final CountingWebSocket.Counters webSockets = new CountingWebSocket.Counters();

    private final boolean ownsDelegate;

    CountingHttpClient(HttpClient delegate) {
        this(delegate, true);
    }

    private CountingHttpClient(HttpClient delegate, boolean ownsDelegate) {
        this.delegate = delegate;
        this.ownsDelegate = ownsDelegate;
    }

    /** A counting view of a client that others share: its own counters, and {@link #close()} leaves it open. */
    static CountingHttpClient sharing(HttpClient shared) {
        return new CountingHttpClient(shared, false);
    }

    /** A loopback HTTP/1.1 client like the one SyncKitClient creates by itself, counted. */
    static CountingHttpClient create() {
        return new CountingHttpClient(loopbackClient());
    }

    /** A loopback HTTP/1.1 client like the one SyncKitClient creates by itself. */
    static HttpClient loopbackClient() {
        return HttpClient.newBuilder().version(Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** Returns the number of requests sent so far. */
    long requests() {
        return requests.get();
    }

    /** Returns the WebSockets opened so far. */
    long webSocketsOpened() {
        return webSockets.opened.get();
    }

    /** Returns the WebSocket messages sent so far. */
    long webSocketMessagesSent() {
        return webSockets.sent.get();
    }

    /** Returns when the newest WebSocket received its first message (epoch microseconds), or -1 before that. */
    long newestWebSocketFirstMessageMicros() {
        return webSockets.newestFirstReceived;
    }

    /** Returns the WebSocket messages received so far. */
    long webSocketMessagesReceived() {
        return webSockets.received.get();
    }

    /**
     * Returns the time spent in {@code send} so far: from sending a request until its response headers arrived (the
     * body of a streamed response is read afterwards, by the caller).
     */
    long sendNanos() {
        return sendNanos.get();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        requests.incrementAndGet();
        long t0 = System.nanoTime();
        try {
            return delegate.send(request, handler);
        } finally {
            sendNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        requests.incrementAndGet();
        return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        requests.incrementAndGet();
        return delegate.sendAsync(request, handler, pushPromiseHandler);
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return CountingWebSocket.builder(delegate.newWebSocketBuilder(), webSockets);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public void shutdown() {
        if (ownsDelegate) {
            delegate.shutdown();
        }
    }

    @Override
    public void shutdownNow() {
        if (ownsDelegate) {
            delegate.shutdownNow();
        }
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return delegate.awaitTermination(duration);
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public void close() {
        if (ownsDelegate) {
            delegate.close();
        }
    }
}
