package dev.synckit.client.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.NetworkException;
import dev.synckit.client.ServerException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.Device;
import dev.synckit.protocol.DeviceList;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.protocol.KeyBlobVersion;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PutKeyBlobRequest;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.PushResponse;

import tools.jackson.core.JacksonException;

/**
 * The {@link SyncKitClient} over {@code java.net.http}: one blocking request per call, JSON through
 * {@link ProtocolJson}, error answers mapped by {@link ErrorMapping}. As a {@link BulkTransport} it sends push bodies
 * the engine encoded as they are and decodes pull pages with {@link PageDecoder}, without records in between.
 *
 * <p>Immutable and safe for concurrent use. Responses are parsed from the body stream (never buffered whole), so
 * a large pull page costs one copy. Logs method, path, status and duration at DEBUG; never the API key or a body.
 */
public final class HttpSyncKitClient implements SyncKitClient, BulkTransport {

    private static final Logger log = LoggerFactory.getLogger(HttpSyncKitClient.class);
    private static final String USER_AGENT = "synckit-java/0.1";

    /** How long {@link #close()} waits for the HTTP client's threads after aborting what was in flight. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final boolean ownsHttp;

    /**
     * Creates the client.
     *
     * @param serverUrl the server's base URL (validated by the public builder)
     * @param apiKey the API key (validated by the public builder)
     * @param timeout the per-request timeout
     * @param http the HTTP client to use, or null to create (and own) one
     */
    public HttpSyncKitClient(URI serverUrl, String apiKey, Duration timeout, @Nullable HttpClient http) {
        var url = serverUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Bearer " + apiKey;
        this.timeout = timeout;
        this.ownsHttp = http == null;
        // HTTP/1.1: a plain-http server need not speak h2c, and SyncKit requests gain nothing from HTTP/2.
        this.http = http != null ? http : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).build();
    }

    @Override
    public AccountInfo account() {
        return send("GET", "/v1/me", null, AccountInfo.class);
    }

    @Override
    public Device registerDevice(String hostname, String platform) {
        return send("POST", "/v1/devices", new DeviceRegistration(hostname, platform), Device.class);
    }

    @Override
    public List<Device> listDevices() {
        return send("GET", "/v1/devices", null, DeviceList.class).devices();
    }

    @Override
    public PushResponse push(UUID spaceId, UUID deviceId, List<Op> ops) {
        Objects.requireNonNull(spaceId, "spaceId");
        var request = new PushRequest(deviceId, ops);
        var response = send("POST", "/v1/spaces/" + spaceId + "/ops", request, PushResponse.class);
        return BulkTransport.requireOneResultPerOp(response, ops.size());
    }

    @Override
    public PushResponse pushBody(UUID spaceId, PushBody body) {
        Objects.requireNonNull(spaceId, "spaceId");
        var response = exchange("POST", "/v1/spaces/" + spaceId + "/ops", body.json(),
                in -> ProtocolJson.mapper().readValue(in, PushResponse.class), "PushResponse");
        return BulkTransport.requireOneResultPerOp(response, body.size());
    }

    @Override
    public PullPage pull(UUID spaceId, long after, int limit) {
        return send("GET", pullPath(spaceId, after, limit), null, PullPage.class);
    }

    @Override
    public RemotePage pullPage(UUID spaceId, long after, int limit) {
        return exchange("GET", pullPath(spaceId, after, limit), null, PageDecoder::decode, "PullPage");
    }

    @Override
    public Optional<KeyBlob> fetchKeyBlob() {
        try {
            return Optional.of(send("GET", "/v1/keys", null, KeyBlob.class));
        } catch (ServerException e) {
            if (e.status() == 404 && e.code().orElse(null) == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public long putKeyBlob(String blob, long expectedVersion) {
        return send("PUT", "/v1/keys", new PutKeyBlobRequest(blob, expectedVersion), KeyBlobVersion.class).version();
    }

    @Override
    public CompletableFuture<WebSocket> openRealtime(WebSocket.Listener listener) {
        return RealtimeSockets.open(http, base, authorization, timeout, listener);
    }

    /**
     * Aborts what is still in flight on the HTTP client this instance created and waits (at most
     * {@link #CLOSE_WAIT}) for its threads. Not {@link HttpClient#close()}: that waits for every operation to end by
     * itself, which a socket still opening, or a request to a server that stopped answering, takes up to its whole
     * timeout.
     */
    @Override
    public void close() {
        if (ownsHttp) {
            http.shutdownNow();
            try {
                http.awaitTermination(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed anyway: its threads end by themselves
            }
        }
    }

    @Override
    public String toString() {
        return "HttpSyncKitClient[" + base + "]";
    }

    private static String pullPath(UUID spaceId, long after, int limit) {
        Objects.requireNonNull(spaceId, "spaceId");
        if (after < 0) {
            throw new IllegalArgumentException("after must be >= 0: " + after);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return "/v1/spaces/" + spaceId + "/ops?after=" + after + "&limit=" + limit;
    }

    /** Reads an answer's body; may throw {@link JacksonException} or, for a rule broken, IllegalArgumentException. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream in) throws IOException;
    }

    private <T> T send(String method, String path, @Nullable Object body, Class<T> type) {
        var bytes = body == null ? null : ProtocolJson.mapper().writeValueAsBytes(body);
        return exchange(method, path, bytes, in -> ProtocolJson.mapper().readValue(in, type), type.getSimpleName());
    }

    private <T> T exchange(String method, String path, byte @Nullable [] body, BodyReader<T> reader, String what) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new NetworkException(method + " " + pathOnly(path) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException(method + " " + pathOnly(path) + " was interrupted", e);
        }
        try (var in = response.body()) {
            int status = response.statusCode();
            log.debug("{} {} -> {} in {} ms", method, pathOnly(path), status, (System.nanoTime() - start) / 1_000_000);
            if (status < 200 || status > 299) {
                throw ErrorMapping.toException(status, in);
            }
            return reader.read(in);
        } catch (JacksonException | IllegalArgumentException e) {
            // Never the body: the answer is named, not quoted.
            throw new ServerException(response.statusCode(), null,
                    "the answer to " + method + " " + pathOnly(path) + " is not a valid " + what, null);
        } catch (IOException e) {
            throw new NetworkException("reading the answer to " + method + " " + pathOnly(path) + " failed: " + e, e);
        }
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
