package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.testkit.TestServer;

/**
 * While the realtime socket is open, a local write is pushed over it ({@code push} frame, {@code push_result}) instead
 * of over HTTP; a push whose socket breaks as it is sent goes over HTTP instead, and arrives once.
 */
class SocketPushTest {

    @TempDir
    Path dir;
    TestServer server;
    LiveDevice a;
    LiveDevice b;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("server"));
        var key = server.createUserWithKey("alice");
        a = LiveDevice.startSwitchable(dir.resolve("a.db"), server.uri(), key);
        b = LiveDevice.startSwitchable(dir.resolve("b.db"), server.uri(), key);
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
    void writesArePushedOverTheOpenSocketAndNoneOverHttp() throws Exception {
        int before = a.switchable().httpPushes.get();

        for (int i = 0; i < 5; i++) {
            a.exec("INSERT INTO todos (id, title) VALUES (?, ?)", "r" + i, "title " + i);
            b.awaitRemote("r" + i);
        }
        a.exec("UPDATE todos SET done = 1 WHERE id = 'r0'");
        b.awaitRemote("r0");

        await().atMost(LiveDevice.WAIT).until(() -> a.engine.status().pendingChanges() == 0);
        assertThat(a.switchable().httpPushes).as("every push went over the socket").hasValue(before);
        assertThat(b.todos()).isEqualTo(a.todos()).hasSize(5).containsEntry("r0", "title 0|1");
        assertThat(b.cursor()).as("six ops, each once").isEqualTo(6);
        assertThat(a.engine.status().realtimeConnected()).isTrue();
    }

    @Test
    void writesOnBothDevicesAtOnceAllGoOverTheSocketsWhileEachAlsoReceivesTheOther() throws Exception {
        int beforeA = a.switchable().httpPushes.get();
        int beforeB = b.switchable().httpPushes.get();

        // Each device's pushes wait for their answers while the other's ops and its own stream in on the same
        // socket: an answer must never be stuck behind a frame the device is still applying.
        for (int i = 0; i < 40; i++) {
            a.exec("INSERT INTO todos (id, title) VALUES (?, ?)", "a" + i, "from a " + i);
            b.exec("INSERT INTO todos (id, title) VALUES (?, ?)", "b" + i, "from b " + i);
        }

        await().atMost(LiveDevice.WAIT).until(() -> a.todos().size() == 80 && b.todos().size() == 80
                && a.engine.status().pendingChanges() == 0 && b.engine.status().pendingChanges() == 0);
        assertThat(b.todos()).isEqualTo(a.todos());
        assertThat(a.switchable().httpPushes).as("A pushed over its socket only").hasValue(beforeA);
        assertThat(b.switchable().httpPushes).as("B pushed over its socket only").hasValue(beforeB);
    }

    @Test
    void aPushWhoseSocketBreaksAsItIsSentGoesOverHttpAndArrivesOnce() throws Exception {
        int before = a.switchable().httpPushes.get();
        a.switchable().socketDropsPushes = true;

        a.exec("INSERT INTO todos (id, title) VALUES ('r1', 'milk')");

        await().atMost(LiveDevice.WAIT).until(() -> a.engine.status().pendingChanges() == 0);
        assertThat(a.switchable().httpPushes.get()).as("the push went over HTTP").isGreaterThan(before);
        b.awaitRemote("r1");
        assertThat(b.todos()).containsOnlyKeys("r1").containsEntry("r1", "milk|0");
        await().atMost(LiveDevice.WAIT).until(() -> b.cursor() == 1);

        a.switchable().socketDropsPushes = false;
        a.awaitConnected();
        a.exec("INSERT INTO todos (id, title) VALUES ('r2', 'bread')");
        b.awaitRemote("r2");
        assertThat(b.cursor()).as("r1 once, then r2").isEqualTo(2);
    }
}
