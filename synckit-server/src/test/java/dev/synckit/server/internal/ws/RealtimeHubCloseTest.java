package dev.synckit.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.sqlite.SqliteStore;

/**
 * A stopping server closes the connections still registered with its hub at once. Their delayed drop used to be
 * scheduled on the hub's own timer, which the same close stops without running delayed tasks: a connection Jetty's
 * stop had left open stayed open, and its client noticed only at its next heartbeat, 30 s later.
 */
class RealtimeHubCloseTest {

    @TempDir
    Path dir;

    @Test
    void closingTheHubDropsEveryRemainingConnectionAtOnce() {
        var config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).build();
        var alice = new Principal(UUID.randomUUID(), "alice", UUID.randomUUID(), "key_1");
        var sink = new RecordingSink();
        try (var store = SqliteStore.open(dir.resolve("synckit.db"))) {
            var hub = RealtimeHub.start(store, config);
            var session = hub.open("s1", alice, new byte[32], sink);

            hub.close();

            assertThat(sink.closeCode).isEqualTo(1001);
            assertThat(sink.disconnected).as("dropped without waiting for a grace period").isTrue();
            assertThat(session.isClosed()).isTrue();
        }
    }
}
