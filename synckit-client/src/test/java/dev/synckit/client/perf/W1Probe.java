package dev.synckit.client.perf;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.synckit.client.FakeHttpFront;
import dev.synckit.client.FakeServer;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

/**
 * A measurement harness for the client side of workload W1 (BENCHMARKS.md): device A captures N inserted rows and
 * pushes them, a fresh device B pulls them, through an in-process {@link FakeServer} behind a real HTTP/1.1 front
 * ({@link FakeHttpFront}), so the client's own costs (trigger capture, stamping, changelog read, op encoding, HTTP,
 * marking pushed; page decoding, apply, row clocks, cursor) can be told apart from the server's. Not a test: it
 * asserts nothing about speed and only prints figures. Run it by hand:
 *
 * {@snippet lang=sh :
 * ./mvnw -B -ntp -q -o -pl synckit-client test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * . bin/find-jdk.sh   # sets JAVA_HOME to a JDK >= 21: the default java may be older
 * cd synckit-client && "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     dev.synckit.client.perf.W1Probe n=100000 runs=3 server=http
 * }
 *
 * <p>Arguments (all optional): {@code n} rows (100000), {@code runs} (3; the first includes JIT warm-up),
 * {@code server=http|direct} ({@code direct} calls the fake server's methods: no HTTP, but the engine's adapter still
 * turns bodies into records and back), {@code push=} and
 * {@code pull=} batch sizes (the engine's defaults when absent), {@code dir=} for the files (a temporary directory).
 * Add {@code -XX:StartFlightRecording=filename=w1.jfr,settings=profile} for a profile.
 *
 * <p>Figures per phase: wall time, CPU time of the engine's thread (the caller's), bytes it allocated, CPU time of
 * the fake server's HTTP handlers (parsing, merging into memory, writing the answer: the stand-in for server cost),
 * CPU time of the whole process, and HTTP requests. The machine is shared, so compare CPU figures and several runs,
 * not single wall times. {@code capture} is the app's insert time with SyncKit's triggers minus the same inserts into
 * a table without them.
 */
public final class W1Probe {

    private static final String DDL = "CREATE TABLE todos (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',"
            + " done INTEGER NOT NULL DEFAULT 0, project_id TEXT, updated_at INTEGER NOT NULL DEFAULT 0)";
    private static final SyncSchema SCHEMA = SyncSchema.builder().version(1)
            .table(TableSpec.builder("todos").columns("title", "done", "project_id", "updated_at").build()).build();
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final int n;
    private final boolean http;
    private final Integer pushBatch;
    private final Integer pullPage;

    private W1Probe(int n, boolean http, Integer pushBatch, Integer pullPage) {
        this.n = n;
        this.http = http;
        this.pushBatch = pushBatch;
        this.pullPage = pullPage;
    }

    /**
     * Runs the probe.
     *
     * @param args {@code key=value} pairs, see the class comment
     */
    public static void main(String[] args) throws Exception {
        int n = 100_000;
        int runs = 3;
        boolean http = true;
        Integer push = null;
        Integer pull = null;
        Path dir = null;
        for (var arg : args) {
            var kv = arg.split("=", 2);
            switch (kv[0]) {
                case "n" -> n = Integer.parseInt(kv[1]);
                case "runs" -> runs = Integer.parseInt(kv[1]);
                case "server" -> http = kv[1].equals("http");
                case "push" -> push = Integer.parseInt(kv[1]);
                case "pull" -> pull = Integer.parseInt(kv[1]);
                case "dir" -> dir = Path.of(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        System.out.printf(Locale.ROOT, "W1 probe: n=%d server=%s cores=%d java=%s%n", n, http ? "http" : "direct",
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        var probe = new W1Probe(n, http, push, pull);
        for (int run = 1; run <= runs; run++) {
            var runDir = Files.createTempDirectory(dir == null ? Path.of(System.getProperty("java.io.tmpdir"))
                    : dir, "w1probe");
            try {
                probe.run(run, runDir);
            } finally {
                try (Stream<Path> files = Files.walk(runDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private void run(int run, Path dir) throws Exception {
        var rows = rows(n, new Random(run));
        var fake = new FakeServer();
        var threads = ManagementFactory.getThreadMXBean();
        try (var front = http ? FakeHttpFront.start(fake).handlerClock(threads::getCurrentThreadCpuTime) : null;
             var clientA = client(fake, front); var clientB = client(fake, front)) {
            var plain = measure("insert (no SyncKit)", () -> insert(dir.resolve("plain.db"), rows, false), null);
            try (var a = open(dir.resolve("a.db"))) {
                var engineA = engine(dir.resolve("a.db"), clientA, null, "a");
                try (engineA) {
                    engineA.push(); // registers and takes the (empty) snapshot, as W1 does before timing
                    var synced = measure("insert (captured)", () -> insert(a, rows), null);
                    System.out.printf(Locale.ROOT, "run %d  capture: +%.3f s wall, +%.3f s cpu for %d rows%n", run,
                            (synced.wallNanos - plain.wallNanos) / 1e9, (synced.cpuNanos - plain.cpuNanos) / 1e9, n);
                    print(run, measure("push", engineA::push, front), fake, front);
                    try (var b = open(dir.resolve("b.db"))) {
                        var engineB = engine(dir.resolve("b.db"), clientB, fake.spaceId, "b");
                        try (engineB) {
                            engineB.registerDevice();
                            print(run, measure("pull", engineB::pull, front), fake, front);
                        }
                        long countB = count(b);
                        if (countB != n || count(a) != n) {
                            throw new IllegalStateException("row counts differ: A " + count(a) + ", B " + countB);
                        }
                    }
                }
            }
        }
    }

    private SyncEngine engine(Path file, SyncKitClient client, UUID space, String name) {
        var b = SyncEngine.builder().database(file).schema(SCHEMA).client(client).hostname("probe-" + name)
                .platform("probe").busyTimeout(Duration.ofSeconds(30));
        if (space != null) {
            b.spaceId(space);
        }
        if (pushBatch != null) {
            b.pushBatchSize(pushBatch);
        }
        if (pullPage != null) {
            b.pullPageSize(pullPage);
        }
        return b.build();
    }

    private static SyncKitClient client(FakeServer fake, FakeHttpFront front) {
        if (front == null) {
            return fake;
        }
        return SyncKitClient.builder().serverUrl(URI.create(front.uri().toString())).apiKey("sk_probe")
                .requestTimeout(Duration.ofMinutes(2)).build();
    }

    /** What one phase cost. */
    private record Cost(String phase, long wallNanos, long cpuNanos, long allocatedBytes, long processCpuNanos,
                        long serverCpuNanos, int pushRequests, int pullRequests, Object result) {
    }

    private static Cost measure(String phase, Supplier<?> work, FakeHttpFront front) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long tid = Thread.currentThread().threadId();
        long server0 = front == null ? 0 : front.handlerNanos();
        int push0 = front == null ? 0 : front.pushRequests();
        int pull0 = front == null ? 0 : front.pullRequests();
        long process0 = os.getProcessCpuTime();
        long alloc0 = threads.getThreadAllocatedBytes(tid);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        var result = work.get();
        long wall = System.nanoTime() - wall0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long alloc = threads.getThreadAllocatedBytes(tid) - alloc0;
        long process = os.getProcessCpuTime() - process0;
        return new Cost(phase, wall, cpu, alloc, process, front == null ? 0 : front.handlerNanos() - server0,
                front == null ? 0 : front.pushRequests() - push0, front == null ? 0 : front.pullRequests() - pull0,
                result);
    }

    private void print(int run, Cost c, FakeServer fake, FakeHttpFront front) {
        System.out.printf(Locale.ROOT, "run %d  %-5s wall %.3f s | engine thread cpu %.3f s, alloc %d MB | "
                        + "server handlers cpu %.3f s | process cpu %.3f s | requests push %d pull %d | %s%n", run,
                c.phase, c.wallNanos / 1e9, c.cpuNanos / 1e9, c.allocatedBytes >> 20, c.serverCpuNanos / 1e9,
                c.processCpuNanos / 1e9, front == null ? fake.pushRequests() : c.pushRequests,
                front == null ? fake.pullRequests() : c.pullRequests, c.result);
    }

    /** One generated todo, as BENCHMARKS.md defines it. */
    private record Row(String id, String title, int done, String projectId, long updatedAt) {
    }

    private static List<Row> rows(int n, Random random) {
        var projects = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            projects.add(UUID.randomUUID().toString());
        }
        long now = System.currentTimeMillis();
        var rows = new ArrayList<Row>(n);
        for (int i = 0; i < n; i++) {
            var title = new StringBuilder(40);
            for (int k = 0; k < 40; k++) {
                title.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            rows.add(new Row(UUID.randomUUID().toString(), title.toString(), random.nextInt(2),
                    projects.get(random.nextInt(10)), now));
        }
        return rows;
    }

    private static Connection open(Path file) throws SQLException {
        var c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (var st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 30000");
            st.execute(DDL);
        }
        return c;
    }

    private static Object insert(Path file, List<Row> rows, boolean unused) {
        try (var c = open(file)) {
            try (var st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL"); // as the engine leaves A's file
            }
            return insert(c, rows);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts with plain SQL in transactions of 1000 rows, as W1's step 1 does. */
    private static Object insert(Connection c, List<Row> rows) {
        try {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement(
                    "INSERT INTO todos (id, title, done, project_id, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < rows.size(); i++) {
                    var r = rows.get(i);
                    ps.setString(1, r.id());
                    ps.setString(2, r.title());
                    ps.setInt(3, r.done());
                    ps.setString(4, r.projectId());
                    ps.setLong(5, r.updatedAt());
                    ps.addBatch();
                    if (i % 1000 == 999 || i == rows.size() - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            } finally {
                c.setAutoCommit(true);
            }
            return rows.size() + " rows";
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM todos")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
