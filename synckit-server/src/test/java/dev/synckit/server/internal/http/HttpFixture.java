package dev.synckit.server.internal.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;
import dev.synckit.server.Admin;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.SyncServer;
import dev.synckit.server.internal.store.sqlite.DatabaseSnapshot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** A real server on 127.0.0.1, port 0, with a fresh store, and a JDK HTTP client to talk to it. */
final class HttpFixture implements AutoCloseable {

    final ServerConfig config;
    final SyncServer server;
    final HttpClient http = HttpClient.newHttpClient();

    private HttpFixture(ServerConfig config) {
        this.config = config;
        this.server = SyncServer.start(config);
    }

    static HttpFixture start(Path dir) {
        return start(dir, b -> { });
    }

    static HttpFixture start(Path dir, Consumer<ServerConfig.Builder> customize) {
        var builder = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir);
        customize.accept(builder);
        return new HttpFixture(builder.build());
    }

    /** Creates a user and returns an API key secret for it. */
    String user(String name) {
        try (var admin = Admin.open(config)) {
            admin.createUser(name);
            return admin.createApiKey(name).secret();
        }
    }

    Admin admin() {
        return Admin.open(config);
    }

    Map<String, List<List<String>>> snapshot() {
        return DatabaseSnapshot.of(config.dataDir().resolve("synckit.db"));
    }

    URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    Response get(String path, @Nullable String key) {
        return send(request(path, key).GET());
    }

    Response post(String path, @Nullable String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpRequest.Builder request(String path, @Nullable String key) {
        var b = HttpRequest.newBuilder(uri(path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    Response send(HttpRequest.Builder request) {
        try {
            var r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Registers a device and returns its id. */
    UUID device(String key) {
        var r = post("/v1/devices", key, "{\"hostname\":\"laptop\",\"platform\":\"linux\"}");
        return UUID.fromString(r.json().get("device_id").asString());
    }

    /** The caller's default space. */
    UUID defaultSpace(String key) {
        return UUID.fromString(get("/v1/me", key).json().get("default_space_id").asString());
    }

    static Op upsert(UUID device, String rowId, Hlc hlc, String title) {
        return new Op(UUID.randomUUID(), "todos", rowId, OpKind.UPSERT, Map.of("title", StringNode.valueOf(title)),
                hlc, device, 1);
    }

    /** {@code n} upserts of distinct rows with increasing clocks from {@code start}. */
    static List<Op> upserts(UUID device, int n, Hlc start) {
        var ops = new ArrayList<Op>();
        var hlc = start;
        for (int i = 0; i < n; i++) {
            hlc = hlc.tick(hlc.wallMillis());
            ops.add(upsert(device, "row-" + i, hlc, "title " + i));
        }
        return ops;
    }

    static String pushJson(UUID device, List<Op> ops) {
        return ProtocolJson.mapper().writeValueAsString(new PushRequest(device, ops));
    }

    @Override
    public void close() {
        server.close();
    }

    record Response(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return ProtocolJson.mapper().readTree(body);
        }

        <T> T as(Class<T> type) {
            return ProtocolJson.mapper().readValue(body, type);
        }

        String code() {
            return json().path("code").asString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
