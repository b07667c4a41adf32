package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncKitClient;
import dev.synckit.testkit.TcpProxy;
import dev.synckit.testkit.TestServer;

/**
 * The realtime socket dies while ops stream (the server's side drops it, the client aborts it, the server stops and
 * comes back) and B still ends with exactly A's rows: no op lost, none applied twice. "Applied twice" is checked
 * where it would show: the app's own trigger on B counts every write the engine makes to a row, B reports each row
 * in one remote RowsChanged event, B's changelog holds nothing (no echo), and the server's log holds each op once.
 */
class SocketKilledTest {

    static final int ROWS_PER_PHASE = 40;

    @TempDir
    Path dir;
    TestServer server;
    String key;
    LiveDevice a;
    LiveDevice b;

    @BeforeEach
    void startServer() {
        server = TestServer.start(dir.resolve("server"));
        key = server.createUserWithKey("alice");
    }

    @AfterEach
    void stop() throws Exception {
        try (var x = a; var y = b; var s = server) {
            // closes what was opened
        }
    }

    void startDevices(URI bServer, boolean switchable) throws SQLException {
        a = LiveDevice.start(dir.resolve("a.db"), server.uri(), key).awaitConnected();
        b = (switchable ? LiveDevice.startSwitchable(dir.resolve("b.db"), bServer, key)
                : LiveDevice.start(dir.resolve("b.db"), bServer, key)).awaitConnected();
        b.skipEvents();
    }

    /** Inserts rows one commit each, as an app would, while the ops stream to B. */
    void write(int phase) throws SQLException {
        for (int i = 0; i < ROWS_PER_PHASE; i++) {
            var id = "p" + phase + "-" + i;
            a.exec("INSERT INTO todos (id, title) VALUES (?, ?)", id, "row " + id);
        }
    }

    void assertConverged(int rows) throws Exception {
        await().atMost(LiveDevice.WAIT).until(() -> b.todos().size() == rows
                && a.engine.status().pendingChanges() == 0);
        await().atMost(LiveDevice.WAIT).until(() -> b.cursor() == rows);

        assertThat(b.todos()).isEqualTo(a.todos()).hasSize(rows);
        assertThat(b.count("SELECT count(*) FROM app_writes")).as("each row written once on B").isEqualTo(rows);
        assertThat(b.count("SELECT count(DISTINCT id) FROM app_writes")).isEqualTo(rows);
        assertThat(b.count("SELECT count(*) FROM sync_changelog")).as("nothing echoed").isZero();
        assertThat(b.count("SELECT count(*) FROM sync_row_clock")).isEqualTo(rows);
        b.drainEvents();
        var reported = b.seen.stream().filter(e -> e instanceof SyncEvent.RowsChanged r
                        && r.source() == SyncEvent.Source.REMOTE).map(SyncEvent.RowsChanged.class::cast)
                .flatMap(r -> r.rowIds().stream()).toList();
        assertThat(reported).as("each row reported once").hasSize(rows).doesNotHaveDuplicates();
        try (var api = SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build()) {
            var log = api.pull(api.account().defaultSpaceId(), 0, 5000);
            assertThat(log.ops()).as("each op in the server's log once").hasSize(rows);
        }
    }

    @Test
    void theServerSideDroppingTheSocketMidStreamLosesNothingAndRepeatsNothing() throws Exception {
        try (var proxy = TcpProxy.start("127.0.0.1", server.server().port())) {
            startDevices(URI.create("http://" + proxy.host() + ":" + proxy.port()), false);

            write(0);
            proxy.cut();
            await().atMost(LiveDevice.WAIT).until(() -> !b.realtimeConnected());
            write(1);
            proxy.restore();
            write(2);

            assertConverged(3 * ROWS_PER_PHASE);
            await().atMost(LiveDevice.WAIT).until(b::realtimeConnected);
        }
    }

    @Test
    void theClientAbortingItsSocketMidStreamLosesNothingAndRepeatsNothing() throws Exception {
        startDevices(server.uri(), true);

        write(0);
        b.switchable().abortSocket();
        write(1);
        await().atMost(LiveDevice.WAIT).until(() -> b.switchable().sockets.size() == 2 && b.realtimeConnected());
        write(2);
        b.switchable().abortSocket();
        write(3);

        assertConverged(4 * ROWS_PER_PHASE);
        await().atMost(LiveDevice.WAIT).until(b::realtimeConnected);
    }

    @Test
    void theServerStoppingMidStreamAndComingBackLosesNothingAndRepeatsNothing() throws Exception {
        startDevices(server.uri(), false);
        int port = server.server().port();

        write(0);
        server.close();
        await().atMost(LiveDevice.WAIT).until(() -> !b.realtimeConnected() && !a.realtimeConnected());
        write(1); // A keeps the changes until the server is back
        server = TestServer.start(dir.resolve("server"), s -> s.port(port));
        write(2);

        assertConverged(3 * ROWS_PER_PHASE);
    }

    @Test
    void whileTheSocketIsDownHttpSyncKeepsWorkingAndTheSocketComesBack() throws Exception {
        startDevices(server.uri(), true);
        b.switchable().realtimeAllowed = false;
        b.switchable().abortSocket();
        await().atMost(LiveDevice.WAIT).until(() -> !b.realtimeConnected());

        a.exec("INSERT INTO todos (id, title) VALUES ('while-down', 'pulled over HTTP')");
        await().atMost(LiveDevice.WAIT).until(() -> a.engine.status().pendingChanges() == 0);
        var report = b.engine.syncNow().get(LiveDevice.WAIT.toSeconds(), TimeUnit.SECONDS);
        b.exec("INSERT INTO todos (id, title) VALUES ('from-b', 'pushed over HTTP')");
        a.awaitRemote("from-b");

        assertThat(report.pulled()).isEqualTo(1);
        assertThat(b.todos()).containsEntry("while-down", "pulled over HTTP|0");
        assertThat(b.realtimeConnected()).isFalse();

        b.switchable().realtimeAllowed = true;
        await().atMost(LiveDevice.WAIT).until(b::realtimeConnected);
        a.exec("INSERT INTO todos (id, title) VALUES ('back', 'streamed again')");
        b.awaitRemote("back");
        assertThat(b.todos()).isEqualTo(a.todos()).hasSize(3);
    }
}
