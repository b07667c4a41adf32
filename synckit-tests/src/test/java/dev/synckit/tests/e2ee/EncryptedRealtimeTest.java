package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.EventSubscription;
import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncStatus;
import dev.synckit.testkit.TestServer;

/**
 * Realtime with end-to-end encryption: a plain SQL write on device A reaches device B's database through the
 * WebSocket, sealed on the wire and in the server's log, opened by B before it is applied, while B never syncs over
 * HTTP (its interval is months).
 */
class EncryptedRealtimeTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final char[] PASSWORD = "realtime password".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aWriteOnAReachesBDecryptedThroughTheSocket() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"), s -> s.ackFlushInterval(Duration.ofMillis(50)))) {
            var key = server.createUserWithKey("alice");
            try (var a = Device.open(dir, "a", server.uri(), key); var b = Device.open(dir, "b", server.uri(), key);
                 var events = b.engine.subscribe(100_000)) {
                LiveEncrypted.unlockAndConnect(a, b, PASSWORD, WAIT);
                LiveEncrypted.drain(events);

                a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('live-1', 'over the socket')");

                var seen = awaitRemote(events, "live-1");
                assertThat(b.contents()).containsEntry("folder/live-1", "over the socket");
                assertThat(seen).noneMatch(e -> e instanceof SyncEvent.SyncStarted);
                assertThat(b.engine.status().encryption()).isEqualTo(SyncStatus.Encryption.UNLOCKED);
                assertThat(ServerStore.tables(dir.resolve("server"))).singleElement()
                        .satisfies(t -> assertThat(t).startsWith("e1_"));
            }
        }
    }

    /** Reads events until a remote change names the folder row; returns every event read. */
    private static List<SyncEvent> awaitRemote(EventSubscription events, String rowId) throws InterruptedException {
        var seen = new ArrayList<SyncEvent>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var event = events.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event.isEmpty()) {
                break;
            }
            seen.add(event.get());
            if (event.get() instanceof SyncEvent.RowsChanged r && r.source() == SyncEvent.Source.REMOTE
                    && r.rowIds().contains(rowId)) {
                return seen;
            }
        }
        throw new AssertionError("no remote change of " + rowId + " within " + WAIT + "; events: " + seen);
    }
}
