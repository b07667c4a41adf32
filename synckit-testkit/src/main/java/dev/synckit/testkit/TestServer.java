package dev.synckit.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.synckit.server.Admin;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.SyncServer;

/**
 * A real SyncKit server on a random loopback port with a fresh embedded store, for tests. Close it with
 * try-with-resources or JUnit's {@code @AutoClose}.
 *
 * {@snippet :
 * try (var server = TestServer.start(tempDir)) {
 *     String apiKey = server.createUserWithKey("alice");
 *     // point a SyncKitClient at server.uri() ...
 * }
 * }
 */
public final class TestServer implements AutoCloseable {

    private final ServerConfig config;
    private final SyncServer server;

    private TestServer(ServerConfig config) {
        this.config = config;
        this.server = SyncServer.start(config);
    }

    /**
     * Starts a server on 127.0.0.1, port 0, storing its data in {@code dataDir}.
     *
     * @param dataDir an empty directory, typically a {@code @TempDir}
     * @return the running server
     */
    public static TestServer start(Path dataDir) {
        return start(dataDir, b -> { });
    }

    /**
     * Starts a server like {@link #start(Path)}, letting the test change settings (limits, clock) first.
     *
     * @param dataDir an empty directory
     * @param customize changes to the configuration
     * @return the running server
     */
    public static TestServer start(Path dataDir, Consumer<ServerConfig.Builder> customize) {
        var builder = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir);
        customize.accept(builder);
        return new TestServer(builder.build());
    }

    /** Returns the server's base URI, for example {@code http://127.0.0.1:40123}. */
    public URI uri() {
        return server.baseUri();
    }

    /** Returns the running server. */
    public SyncServer server() {
        return server;
    }

    /** Returns the configuration the server runs with. */
    public ServerConfig config() {
        return config;
    }

    /**
     * Creates a user and an API key for it, through the same admin path as {@code synckit admin}.
     *
     * @param userName the new user's name
     * @return the API key's secret
     */
    public String createUserWithKey(String userName) {
        try (var admin = Admin.open(config)) {
            admin.createUser(userName);
            return admin.createApiKey(userName).secret();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
