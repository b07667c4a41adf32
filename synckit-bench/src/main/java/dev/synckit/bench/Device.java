package dev.synckit.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncKitClient;

/**
 * One simulated device: an app's SQLite file with the {@code todos} table, the app's own JDBC connection (plain
 * SQL, as an app that adopts SyncKit keeps using), and a {@link SyncEngine} syncing that file through an HTTP client
 * that counts its requests. Use from one thread.
 */
final class Device implements AutoCloseable {

    final Path file;
    final Connection app;
    final SyncEngine engine;
    private final CountingHttpClient http;
    private final SyncKitClient client;

    private Device(Path file, Connection app, CountingHttpClient http, SyncKitClient client, SyncEngine engine) {
        this.file = file;
        this.app = app;
        this.http = http;
        this.client = client;
        this.engine = engine;
    }

    /**
     * Creates the app's table in {@code file} (a new file), then installs sync on it; an encryption key is kept in
     * {@link BenchKeys#secretsOf the device's own secret store}.
     *
     * @param spaceId the space to sync with, or null for the account's default space
     */
    static Device open(Path file, URI server, String apiKey, @Nullable UUID spaceId, String name) throws SQLException {
        var app = openApp(file);
        CountingHttpClient http = null;
        try {
            http = CountingHttpClient.create();
            var client = SyncKitClient.builder().serverUrl(server).apiKey(apiKey).httpClient(http).build();
            var builder = SyncEngine.builder().database(file).schema(Todos.SCHEMA).client(client)
                    .hostname(name).platform("synckit-bench").secretStore(BenchKeys.secretsOf(file));
            if (spaceId != null) {
                builder.spaceId(spaceId);
            }
            return new Device(file, app, http, client, builder.build());
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            app.close();
            throw e;
        }
    }

    /** Opens the app's connection to {@code file} and creates its table; closes the connection if that fails. */
    static Connection openApp(Path file) throws SQLException {
        var app = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (var st = app.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000"); // the engine writes the same file from its own connection
            st.execute(Todos.DDL);
        } catch (SQLException | RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /**
     * Closes a device's parts, the engine before the client it uses; the HTTP client and the app's connection even
     * if that fails.
     */
    static void closeParts(SyncEngine engine, SyncKitClient client, CountingHttpClient http, Connection app)
            throws SQLException {
        try {
            engine.close();
            client.close();
        } finally {
            http.close();
            app.close();
        }
    }

    /** Returns the HTTP requests this device has sent so far. */
    long requests() {
        return http.requests();
    }

    /** Returns the time this device's requests spent waiting for response headers so far. */
    long waitNanos() {
        return http.sendNanos();
    }

    /** Returns the space the engine syncs with, once it has synced. */
    UUID space() {
        return engine.status().spaceId().orElseThrow(() -> new IllegalStateException("the device has not synced"));
    }

    long count() throws SQLException {
        return Todos.count(app);
    }

    /** Returns the size on disk of the database file with its WAL and shared-memory files. */
    static long fileBytes(Path file) {
        long total = 0;
        for (var suffix : new String[] {"", "-wal", "-shm"}) {
            var f = file.resolveSibling(file.getFileName() + suffix);
            try {
                total += Files.exists(f) ? Files.size(f) : 0;
            } catch (IOException e) {
                // the file went away between the two calls: it has no size to count
            }
        }
        return total;
    }

    @Override
    public void close() throws SQLException {
        closeParts(engine, client, http, app);
    }
}
