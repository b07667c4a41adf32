package dev.synckit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP reverse proxy that forwards every request to a real server and records what crossed the wire:
 * method, path and request body. Tests use it to prove what a client sends (for example that a column outside
 * the whitelist never appears in any request body) and to count round trips. It is a wire tap, not a fake: the
 * real server answers every request.
 *
 * <p>Safe for concurrent use. {@link #close()} stops it.
 */
public final class RecordingProxy implements AutoCloseable {

    /** One request as the proxy saw it. */
    public record Exchange(String method, String path, String requestBody, int status) {
    }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "upgrade",
            "transfer-encoding", "keep-alive", "expect");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private RecordingProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    /**
     * Starts a proxy on a random loopback port in front of {@code target}.
     *
     * @param target the real server's base URI, for example {@code http://127.0.0.1:40123}
     * @return the running proxy
     * @throws IOException if the port cannot be bound
     */
    public static RecordingProxy start(URI target) throws IOException {
        return new RecordingProxy(target);
    }

    /** Returns the URI clients should use instead of the real server's. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Returns a snapshot of every request forwarded so far, in arrival order. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Forgets the recorded requests. */
    public void clear() {
        exchanges.clear();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            var uri = target.resolve(ex.getRequestURI().toString());
            var req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> req.header(name, v));
                }
            });
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forwarding", e);
            }
            exchanges.add(new Exchange(ex.getRequestMethod(), ex.getRequestURI().toString(),
                    new String(body, StandardCharsets.UTF_8), resp.statusCode()));
            resp.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, values);
                }
            });
            byte[] out = resp.body();
            ex.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        http.close();
    }
}
