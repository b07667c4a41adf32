package dev.synckit.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncReport;
import dev.synckit.server.Admin;
import dev.synckit.server.ServerConfig;
import dev.synckit.server.SyncServer;

/**
 * The pull of one page through the public API: a server in this JVM holds {@code rows} ops pushed by device A;
 * each invocation is {@link SyncEngine#pull()} of a fresh device B (new file, registered beforehand) that fetches
 * them as one page and applies it in one transaction. The time covers the HTTP request, the server's read, JSON
 * both ways and the apply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PullApplyBenchmark {

    /** Ops in the page (the engine's default page size is 1,000). */
    @Param({"1000"})
    public int rows;

    private Path dir;
    private SyncServer server;
    private SyncKitClient client;
    private UUID space;
    private int devices;
    private Path bFile;
    private Connection bApp;
    private SyncEngine b;

    /** Starts the server and lets device A push the rows. */
    @Setup(Level.Trial)
    public void startServer() throws IOException, SQLException {
        dir = Files.createTempDirectory("synckit-jmh-pull-");
        var config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir.resolve("server")).build();
        server = SyncServer.start(config);
        String key;
        try (var admin = Admin.open(config)) {
            admin.createUser("jmh");
            key = admin.createApiKey("jmh").secret();
        }
        client = SyncKitClient.builder().serverUrl(server.baseUri()).apiKey(key).build();
        var aFile = dir.resolve("a.db");
        try (var app = DriverManager.getConnection("jdbc:sqlite:" + aFile)) {
            try (var st = app.createStatement()) {
                st.execute(JmhRows.DDL.formatted("todos"));
            }
            try (var a = SyncEngine.builder().database(aFile).schema(JmhRows.SCHEMA).client(client).build()) {
                new JmhRows().insert(app, "todos", rows);
                a.push();
                space = a.status().spaceId().orElseThrow();
            }
        }
    }

    /** A fresh device B: new file, table, engine bound to the space, registered. */
    @Setup(Level.Invocation)
    public void newDevice() throws SQLException {
        bFile = dir.resolve("b-" + devices++ + ".db");
        bApp = DriverManager.getConnection("jdbc:sqlite:" + bFile);
        try (var st = bApp.createStatement()) {
            st.execute(JmhRows.DDL.formatted("todos"));
        }
        b = SyncEngine.builder().database(bFile).schema(JmhRows.SCHEMA).client(client).spaceId(space).build();
        b.registerDevice();
    }

    /** Closes device B and deletes its file. */
    @TearDown(Level.Invocation)
    public void dropDevice() throws IOException, SQLException {
        b.close();
        bApp.close();
        for (var suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(bFile.resolveSibling(bFile.getFileName() + suffix));
        }
    }

    /** Stops the server and deletes everything. */
    @TearDown(Level.Trial)
    public void stopServer() throws IOException {
        client.close();
        server.close();
        try (var files = Files.walk(dir)) {
            for (var f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** Pulls and applies the page. */
    @Benchmark
    public SyncReport pullPage() {
        var report = b.pull();
        if (report.applied() != rows) {
            throw new IllegalStateException("applied " + report.applied() + " of " + rows);
        }
        return report;
    }
}
