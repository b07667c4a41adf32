package dev.synckit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.testkit.TestServer;

/**
 * The README walkthrough, command by command, in process: the admin commands run against the store of a running
 * server, two demo databases converge, and offline edits of different fields on both survive.
 */
class WalkthroughTest {

    @TempDir
    Path dir;
    TestServer server;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start(dir.resolve("server"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    Run synckit(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run ok(String... args) {
        var run = synckit(args);
        assertThat(run.exitCode()).as("synckit %s: %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    Run client(String key, String db, String... command) {
        var args = new ArrayList<>(List.of("client", "--db", dir.resolve(db).toString(),
                "--server", server.uri().toString(), "--api-key", key));
        args.addAll(List.of(command));
        return ok(args.toArray(String[]::new));
    }

    String dataDir() {
        return server.config().dataDir().toString();
    }

    @Test
    void twoDemoDatabasesConvergeAndKeepBothOfflineEdits() {
        ok("admin", "create-user", "alice", "--data-dir", dataDir());
        var key = ok("admin", "create-api-key", "alice", "--data-dir", dataDir()).out().strip();
        assertThat(ok("admin", "list-api-keys", "--data-dir", dataDir()).out()).contains("alice")
                .doesNotContain(key);

        assertThat(client(key, "a.db", "init").out()).contains("device");
        client(key, "b.db", "init");
        var added = client(key, "a.db", "add", "buy", "milk").out();
        var id = added.strip().substring("added ".length());
        client(key, "a.db", "sync");
        assertThat(client(key, "b.db", "sync").out()).contains("applied 1");

        assertThat(client(key, "b.db", "list").out()).contains("buy milk").contains("[ ]");

        client(key, "a.db", "rename", id.substring(0, 8), "buy oat milk");
        client(key, "b.db", "done", id.substring(0, 8));
        client(key, "a.db", "sync");
        client(key, "b.db", "sync");
        client(key, "a.db", "sync");

        for (var db : List.of("a.db", "b.db")) {
            assertThat(client(key, db, "list").out()).as(db).contains("[x]  buy oat milk");
            assertThat(client(key, db, "status").out()).as(db).contains("pending changes: 0");
        }
    }

    @Test
    void aRevokedKeyIsRefusedWithAClearMessage() {
        ok("admin", "create-user", "bob", "--data-dir", dataDir());
        var key = ok("admin", "create-api-key", "bob", "--data-dir", dataDir()).out().strip();
        var keyId = ok("admin", "list-api-keys", "--user", "bob", "--data-dir", dataDir()).out().lines()
                .skip(1).findFirst().orElseThrow().split("\\s+")[0];
        client(key, "c.db", "init");

        assertThat(ok("admin", "revoke-api-key", keyId, "--data-dir", dataDir()).out()).contains("revoked");
        var sync = synckit("client", "sync", "--db", dir.resolve("c.db").toString(), "--server",
                server.uri().toString(), "--api-key", key);

        assertThat(sync.exitCode()).isEqualTo(1);
        assertThat(sync.err()).contains("error:").contains("401").doesNotContain(key);
    }

    @Test
    void watchPushesAPlainSqlWriteMadeByAnotherProcessWithoutAManualSync() throws Exception {
        ok("admin", "create-user", "carol", "--data-dir", dataDir());
        var key = ok("admin", "create-api-key", "carol", "--data-dir", dataDir()).out().strip();
        client(key, "w.db", "init");
        var watchOut = new StringWriter();
        var watch = Thread.ofPlatform().name("watch").start(() -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(watchOut, true));
            cli.execute("client", "--db", dir.resolve("w.db").toString(), "--server", server.uri().toString(),
                    "--api-key", key, "watch", "--for", "PT60S");
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> watchOut.toString().contains("watching"));
        try (var app = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
             var st = app.createStatement()) {
            st.execute("INSERT INTO todos (id, title) VALUES ('from-sql', 'written by another process')");
        }

        var api = dev.synckit.client.SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build();
        var space = api.account().defaultSpaceId();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> api.pull(space, 0, 100).ops().stream().anyMatch(o -> o.op().rowId().equals("from-sql")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> watchOut.toString().contains("rows changed (local) todos [from-sql]"));
        watch.interrupt();
        watch.join(java.time.Duration.ofSeconds(30));

        assertThat(watch.isAlive()).isFalse();
        assertThat(watchOut.toString()).contains("sync completed: pushed 1").endsWith("stopped\n");
    }

    @Test
    void twoWatchingDatabasesSeeEachOthersPlainSqlInsertsInRealtime() throws Exception {
        ok("admin", "create-user", "dave", "--data-dir", dataDir());
        var key = ok("admin", "create-api-key", "dave", "--data-dir", dataDir()).out().strip();
        client(key, "x.db", "init");
        client(key, "y.db", "init");
        var xOut = new StringWriter();
        var yOut = new StringWriter();
        var watches = List.of(watch(key, "x.db", xOut), watch(key, "y.db", yOut));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> xOut.toString().contains("realtime connected")
                    && yOut.toString().contains("realtime connected"));

            long start = System.nanoTime();
            try (var app = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"));
                 var st = app.createStatement()) {
                st.execute("INSERT INTO todos (id, title) VALUES ('rt-1', 'inserted into x by plain SQL')");
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                    .until(() -> titleIn("y.db", "rt-1") != null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("watch: a row inserted into x.db appeared in y.db after " + millis + " ms");

            assertThat(titleIn("y.db", "rt-1")).isEqualTo("inserted into x by plain SQL");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> yOut.toString().contains("rows changed (remote) todos [rt-1]"));
            var afterConnect = yOut.toString().substring(yOut.toString().indexOf("realtime connected"));
            assertThat(afterConnect).as("y got the row over the socket, without syncing")
                    .doesNotContain("sync started");
        } finally {
            for (var watch : watches) {
                watch.interrupt();
                watch.join(Duration.ofSeconds(30));
            }
        }
        assertThat(watches).noneMatch(Thread::isAlive);
    }

    Thread watch(String key, String db, StringWriter out) {
        return Thread.ofPlatform().name("watch-" + db).start(() -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.execute("client", "--db", dir.resolve(db).toString(), "--server", server.uri().toString(),
                    "--api-key", key, "watch", "--for", "PT120S");
        });
    }

    String titleIn(String db, String id) throws Exception {
        try (var app = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(db));
             var ps = app.prepareStatement("SELECT title FROM todos WHERE id = ?")) {
            ps.setString(1, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void aCommandOnADatabaseWithoutInitSaysWhatToRun() {
        var run = synckit("client", "list", "--db", dir.resolve("none.db").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("synckit client init");
    }
}
