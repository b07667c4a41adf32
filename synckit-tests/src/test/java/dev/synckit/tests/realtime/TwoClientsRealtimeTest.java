package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncEvent;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import dev.synckit.testkit.TestServer;

/**
 * Two devices of one user, both started: a plain SQL write on one reaches the other's database through the realtime
 * socket, with a remote RowsChanged event, while neither syncs by interval (the interval is months).
 */
class TwoClientsRealtimeTest {

    @TempDir
    Path dir;
    TestServer server;
    LiveDevice a;
    LiveDevice b;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("server"), s -> s.ackFlushInterval(Duration.ofMillis(50)));
        var key = server.createUserWithKey("alice");
        a = LiveDevice.start(dir.resolve("a.db"), server.uri(), key);
        b = LiveDevice.start(dir.resolve("b.db"), server.uri(), key);
        a.awaitConnected();
        b.awaitConnected();
        a.skipEvents();
        b.skipEvents();
    }

    @AfterEach
    void stop() throws Exception {
        try (var x = a; var y = b; var s = server) {
            // closes all three
        }
    }

    @Test
    void aWriteOnAReachesBsDatabaseWithARemoteEventAndNoSyncOnB() throws Exception {
        a.exec("INSERT INTO todos (id, title) VALUES ('r1', 'milk')");

        var changed = b.awaitRemote("r1");

        assertThat(changed.rows()).singleElement().satisfies(r -> assertThat(r.columns()).contains("title"));
        assertThat(b.todos()).containsEntry("r1", "milk|0");
        assertThat(b.seen).as("B never synced: the row came over the socket").noneMatch(
                e -> e instanceof SyncEvent.SyncStarted);
        assertThat(b.engine.status().realtimeConnected()).isTrue();
    }

    @Test
    void updatesAndDeletesOnAReachBInOrder() throws Exception {
        a.exec("INSERT INTO todos (id, title) VALUES ('r1', 'milk')");
        b.awaitRemote("r1");

        a.exec("UPDATE todos SET title = 'oat milk', done = 1 WHERE id = 'r1'");
        var update = b.awaitRemote("r1");
        a.exec("INSERT INTO todos (id, title) VALUES ('r2', 'bread')");
        b.awaitRemote("r2");
        a.exec("DELETE FROM todos WHERE id = 'r2'");
        var delete = b.awaitRemote("r2");

        assertThat(update.rows().getFirst().columns()).contains("title", "done");
        assertThat(delete.rows().getFirst().deleted()).isTrue();
        assertThat(b.todos()).isEqualTo(a.todos()).containsOnlyKeys("r1").containsEntry("r1", "oat milk|1");
        assertThat(b.cursor()).as("insert, update, insert, delete").isEqualTo(4);
        await().atMost(LiveDevice.WAIT).until(() -> a.cursor() == 4); // its own ops too
    }

    @Test
    void whatBAppliedIsAcknowledgedAndStoredAsBsCursor() throws Exception {
        a.exec("INSERT INTO todos (id, title) VALUES ('r1', 'milk')");
        a.exec("INSERT INTO todos (id, title) VALUES ('r2', 'bread')");
        b.awaitRemote("r2");
        var bDevice = b.engine.deviceId().orElseThrow();

        try (var store = SqliteStore.open(dir.resolve("server").resolve("synckit.db"))) {
            var space = b.engine.status().spaceId().orElseThrow();
            await().atMost(LiveDevice.WAIT).until(() -> store.deviceCursors(space).stream()
                    .anyMatch(c -> c.deviceId().equals(bDevice) && c.seq() == 2));
        }
    }

    @Test
    void editsTravelBothWaysAndTheLatencyIsReported() throws Exception {
        var latencies = new ArrayList<Long>();
        for (int i = 0; i < 20; i++) {
            var from = i % 2 == 0 ? a : b;
            var to = i % 2 == 0 ? b : a;
            long start = System.nanoTime();
            from.exec("INSERT INTO todos (id, title) VALUES (?, ?)", "row-" + i, "edit " + i);
            to.awaitRemote("row-" + i);
            latencies.add((System.nanoTime() - start) / 1_000_000);
        }

        assertThat(a.todos()).hasSize(20).isEqualTo(b.todos());
        Collections.sort(latencies);
        System.out.println("realtime latency, plain SQL insert on one device to RowsChanged on the other: median "
                + latencies.get(latencies.size() / 2) + " ms, max " + latencies.getLast() + " ms over "
                + latencies.size() + " edits");
    }
}
