package dev.synckit.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.synckit.server.Admin;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.SyncServer;

/**
 * A real SyncKit server on a random loopback port with a fresh embedded store (or a PostgreSQL database, see
 * {@link #startPostgres(Path, String)}), for tests. Close it with try-with-resources or JUnit's {@code @AutoClose}.
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

    /**
     * Starts a server like {@link #start(Path)} on a PostgreSQL database instead of the embedded store, for example
     * a fresh {@link PgDatabase}.
     *
     * @param dataDir a directory (unused by the PostgreSQL store, but part of the configuration)
     * @param databaseUrl the database, {@code jdbc:postgresql://…} or {@code postgresql://…}
     * @return the running server
     */
    public static TestServer startPostgres(Path dataDir, String databaseUrl) {
        return start(dataDir, b -> b.databaseUrl(databaseUrl));
    }

    /**
     * Starts a server like {@link #startPostgres(Path, String)}, letting the test change settings first.
     *
     * @param dataDir a directory
     * @param databaseUrl the database
     * @param customize changes to the configuration
     * @return the running server
     */
    public static TestServer startPostgres(Path dataDir, String databaseUrl, Consumer<ServerConfig.Builder> customize) {
        return start(dataDir, b -> customize.accept(b.databaseUrl(databaseUrl)));
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
