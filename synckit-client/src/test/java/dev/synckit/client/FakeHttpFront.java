package dev.synckit.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.synckit.protocol.ApiError;
import dev.synckit.protocol.DeviceList;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;

import tools.jackson.core.JacksonException;

/**
 * Serves a {@link FakeServer} over real HTTP/1.1 on a loopback port, so that engine tests and the W1 probe go
 * through {@code HttpSyncKitClient} (its request encoding and streaming page decoding) without the server module.
 * Bodies are parsed and written with {@link ProtocolJson} databinding, as the real server does; keep-alive and
 * chunked request bodies are supported, since the JDK client uses both. Like the real server it can refuse pushes
 * with too many ops (413) and pull limits above a maximum (400).
 *
 * <p>Counts requests and the time its handlers spend, by a clock the caller chooses ({@link #handlerClock}: the
 * probe passes the handler thread's CPU time, for its split between client and server cost).
 * A push answer the fake server was told to lose closes the connection without an answer.
 */
public final class FakeHttpFront implements AutoCloseable {

    private final FakeServer server;
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger pushRequests = new AtomicInteger();
    private final AtomicInteger pullRequests = new AtomicInteger();
    private final AtomicLong handlerNanos = new AtomicLong();
    private final List<Integer> pushSizes = new CopyOnWriteArrayList<>();
    private volatile int maxOpsPerPush = Integer.MAX_VALUE;
    private volatile int maxPullLimit = Integer.MAX_VALUE;
    private volatile LongSupplier handlerClock = System::nanoTime;

    private FakeHttpFront(FakeServer server) throws IOException {
        this.server = server;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().name("fake-http-accept").daemon().start(this::accept);
    }

    /** Starts serving {@code server} on a free loopback port. */
    public static FakeHttpFront start(FakeServer server) throws IOException {
        return new FakeHttpFront(server);
    }

    /** {@return the base URL} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Refuses pushes with more ops than this with 413 {@code batch_too_large}. */
    public FakeHttpFront maxOpsPerPush(int max) {
        this.maxOpsPerPush = max;
        return this;
    }

    /** Refuses pulls with a larger limit with 400 {@code bad_request}, like the real server. */
    public FakeHttpFront maxPullLimit(int max) {
        this.maxPullLimit = max;
        return this;
    }

    /** Measures handler time with this clock (called on the handler's thread), instead of wall time. */
    public FakeHttpFront handlerClock(LongSupplier clock) {
        this.handlerClock = clock;
        return this;
    }

    /** {@return push requests that reached the front} */
    public int pushRequests() {
        return pushRequests.get();
    }

    /** {@return pull requests that reached the front} */
    public int pullRequests() {
        return pullRequests.get();
    }

    /** {@return the op count of every push request, in arrival order (refused ones included)} */
    public List<Integer> pushSizes() {
        return List.copyOf(pushSizes);
    }

    /** {@return time spent in request handlers (parsing, the fake server, writing the answer)} */
    public long handlerNanos() {
        return handlerNanos.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                var s = socket.accept();
                s.setTcpNoDelay(true);
                connections.add(s);
                Thread.ofPlatform().name("fake-http-conn").daemon().start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; var in = new BufferedInputStream(s.getInputStream(), 64 * 1024); var out = s.getOutputStream()) {
            while (true) {
                var requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                var headers = new HashMap<String, String>();
                for (var h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
                }
                var body = body(in, headers);
                var parts = requestLine.split(" ");
                var clock = handlerClock;
                long t0 = clock.getAsLong();
                Answer answer;
                try {
                    answer = handle(parts[0], parts[1], body);
                } finally {
                    handlerNanos.addAndGet(clock.getAsLong() - t0);
                }
                if (answer == null) {
                    return; // an answer lost on purpose: the connection drops
                }
                out.write(("HTTP/1.1 " + answer.status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                        + answer.body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(answer.body);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection, or the front was closed
        } finally {
            connections.remove(s);
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer handle(String method, String target, byte[] body) {
        var mapper = ProtocolJson.mapper();
        int q = target.indexOf('?');
        var path = q < 0 ? target : target.substring(0, q);
        var query = q < 0 ? Map.<String, String>of() : query(target.substring(q + 1));
        try {
            if (path.equals("/v1/me")) {
                return new Answer(200, mapper.writeValueAsBytes(server.account()));
            }
            if (path.equals("/v1/devices")) {
                if (method.equals("GET")) {
                    return new Answer(200, mapper.writeValueAsBytes(new DeviceList(server.listDevices())));
                }
                var registration = mapper.readValue(body, DeviceRegistration.class);
                return new Answer(200, mapper.writeValueAsBytes(
                        server.registerDevice(registration.hostname(), registration.platform())));
            }
            if (path.startsWith("/v1/spaces/") && path.endsWith("/ops")) {
                var space = UUID.fromString(path.substring("/v1/spaces/".length(), path.length() - "/ops".length()));
                if (method.equals("POST")) {
                    pushRequests.incrementAndGet();
                    var request = mapper.readValue(body, PushRequest.class);
                    pushSizes.add(request.ops().size());
                    if (request.ops().size() > maxOpsPerPush) {
                        return error(413, ErrorCode.BATCH_TOO_LARGE, "too many ops", Map.of());
                    }
                    return new Answer(200, mapper.writeValueAsBytes(
                            server.push(space, request.deviceId(), request.ops())));
                }
                pullRequests.incrementAndGet();
                int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
                if (limit > maxPullLimit) {
                    return error(400, ErrorCode.BAD_REQUEST, "limit must be an integer within 1.." + maxPullLimit,
                            Map.of());
                }
                var page = server.pull(space, Long.parseLong(query.getOrDefault("after", "0")), limit);
                return new Answer(200, mapper.writeValueAsBytes(page));
            }
            return error(404, ErrorCode.NOT_FOUND, "no such route", Map.of());
        } catch (ConflictException e) {
            return error(409, e.code().orElse(ErrorCode.OP_ID_CONFLICT), e.getMessage(),
                    e.maxHlc().map(h -> Map.of("max_hlc", h.encode())).orElse(Map.of()));
        } catch (ResyncRequiredException e) {
            return error(410, ErrorCode.RESYNC_REQUIRED, e.getMessage(), Map.of());
        } catch (AuthException e) {
            return error(e.status(), ErrorCode.UNAUTHORIZED, e.getMessage(), Map.of());
        } catch (ServerException e) {
            return error(e.status(), e.code().orElse(ErrorCode.INTERNAL), e.getMessage(), Map.of());
        } catch (NetworkException e) {
            return null;
        } catch (JacksonException | IllegalArgumentException e) {
            return error(400, ErrorCode.INVALID_JSON, "bad request body", Map.of());
        }
    }

    private static Answer error(int status, ErrorCode code, String message, Map<String, String> details) {
        return new Answer(status, ProtocolJson.mapper().writeValueAsBytes(
                new ApiError(code, message, "req_fake", details)));
    }

    private static Map<String, String> query(String raw) {
        var out = new HashMap<String, String>();
        for (var pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            var out = new ByteArrayOutputStream();
            while (true) {
                var size = line(in);
                int length = Integer.parseInt(size == null ? "0" : size.split(";")[0].strip(), 16);
                if (length == 0) {
                    for (var trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // trailers carry nothing the fake needs
                    }
                    return out.toByteArray();
                }
                out.write(in.readNBytes(length));
                line(in);
            }
        }
        return in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    }

    private static String line(InputStream in) throws IOException {
        var sb = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
        for (var c : connections) {
            c.close();
        }
    }
}
