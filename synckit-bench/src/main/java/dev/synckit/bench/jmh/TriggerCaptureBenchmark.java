package dev.synckit.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.synckit.client.SyncEngine;

/**
 * The capture triggers' cost on the app's writes: inserting rows in transactions of 1,000 into a synced table
 * ({@code todos}, declared to a {@link SyncEngine}, so every insert also writes a changelog entry) versus a plain
 * table of the same shape in the same file. The target is synced ≤ 1.5 × plain. Each iteration starts on a fresh
 * file, so tables and changelog do not grow across iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TriggerCaptureBenchmark {

    /** Which table the rows go to: {@code todos} (synced) or {@code plain_todos}. */
    @Param({"todos", "plain_todos"})
    public String table;

    private Path dir;
    private Connection app;
    private final JmhRows rows = new JmhRows();

    /** A fresh file with both tables, sync installed on {@code todos}, and the app's connection. */
    @Setup(Level.Iteration)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("synckit-jmh-capture-");
        var file = dir.resolve("app.db");
        app = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (var st = app.createStatement()) {
            st.execute(JmhRows.DDL.formatted("todos"));
            st.execute(JmhRows.DDL.formatted("plain_todos"));
        }
        // Installs the triggers (and WAL mode) and closes; the triggers stay and capture the app's writes.
        SyncEngine.builder().database(file).schema(JmhRows.SCHEMA).build().close();
    }

    /** Closes the connection and deletes the file. */
    @TearDown(Level.Iteration)
    public void tearDown() throws IOException, SQLException {
        app.close();
        try (var files = Files.walk(dir)) {
            for (var f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** 1,000 inserts in one transaction; the score is per row. */
    @Benchmark
    @OperationsPerInvocation(1000)
    public void insert1000() throws SQLException {
        rows.insert(app, table, 1000);
    }
}
