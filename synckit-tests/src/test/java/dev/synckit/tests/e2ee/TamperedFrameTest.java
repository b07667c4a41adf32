package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.testkit.TestServer;
import dev.synckit.tests.ForwardingClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * A streamed {@code ops} frame of an encrypted space whose last op was altered on the way (one character of one
 * sealed value): device B opens the whole frame before applying any of it, so it applies nothing from the socket,
 * not even the frame's intact first op, and gets both rows from the honest HTTP catch-up that follows.
 */
class TamperedFrameTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final char[] PASSWORD = "tampered frame password".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aFrameWithOneOpThatDoesNotOpenIsRejectedWholeAndPulledInstead() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"), s -> s.ackFlushInterval(Duration.ofMillis(50)))) {
            var key = server.createUserWithKey("alice");
            var tampering = new TamperingClient(SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build());
            try (var a = Device.open(dir, "a", server.uri(), key); var b = Device.open(dir, "b", tampering);
                 var events = b.engine.subscribe(100_000)) {
                LiveEncrypted.unlockAndConnect(a, b, PASSWORD, WAIT);
                LiveEncrypted.drain(events);
                tampering.armed.set(true);

                a.app.setAutoCommit(false);
                a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'first')");
                a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f2', 'second')");
                a.app.commit();
                a.app.setAutoCommit(true);

                await().atMost(WAIT).until(() -> b.contents().size() == 2);
                var seen = LiveEncrypted.drain(events);
                assertThat(tampering.tampered).as("frames altered on the way").hasValue(1);
                assertThat(tampering.opsInTamperedFrame).as("ops in the altered frame").hasValue(2);
                var firstSync = seen.stream().filter(SyncEvent.SyncStarted.class::isInstance).findFirst();
                assertThat(firstSync).as("the HTTP catch-up after the rejected frame").isPresent();
                assertThat(seen.subList(0, seen.indexOf(firstSync.get())))
                        .as("nothing of the frame applied before the catch-up")
                        .noneMatch(e -> e instanceof SyncEvent.RowsChanged r && r.source() == SyncEvent.Source.REMOTE);
                assertThat(b.contents()).containsEntry("folder/f1", "first").containsEntry("folder/f2", "second");
            }
        }
    }

    /**
     * B's real client, whose realtime socket alters the first {@code ops} frame after {@link #armed}: one character
     * in a sealed value of the frame's last op. HTTP stays honest.
     */
    static final class TamperingClient extends ForwardingClient {

        final AtomicBoolean armed = new AtomicBoolean();
        final AtomicInteger tampered = new AtomicInteger();
        final AtomicInteger opsInTamperedFrame = new AtomicInteger();

        TamperingClient(SyncKitClient delegate) {
            super(delegate);
        }

        @Override
        public Optional<KeyBlob> fetchKeyBlob() {
            return delegate.fetchKeyBlob();
        }

        @Override
        public long putKeyBlob(String blob, long expectedVersion) {
            return delegate.putKeyBlob(blob, expectedVersion);
        }

        @Override
        public CompletableFuture<WebSocket> openRealtime(WebSocket.Listener listener) {
            return delegate.openRealtime(new Listener(listener));
        }

        /** Joins each text frame and hands it on whole, altered when it is the frame to alter. */
        private final class Listener implements WebSocket.Listener {
            private final WebSocket.Listener inner;
            private final StringBuilder text = new StringBuilder();

            Listener(WebSocket.Listener inner) {
                this.inner = inner;
            }

            @Override
            public void onOpen(WebSocket socket) {
                inner.onOpen(socket);
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (!last) {
                    socket.request(1);
                    return null;
                }
                var frame = text.toString();
                text.setLength(0);
                if (frame.startsWith("{\"type\":\"ops\"") && armed.compareAndSet(true, false)) {
                    frame = alterLastOp(frame);
                    tampered.incrementAndGet();
                }
                return inner.onText(socket, frame, true);
            }

            private String alterLastOp(String frame) {
                var tree = (ObjectNode) ProtocolJson.mapper().readTree(frame);
                var ops = tree.get("ops");
                opsInTamperedFrame.set(ops.size());
                ServerStore.flipSealedCharacter((ObjectNode) ops.get(ops.size() - 1).get("op").get("fields"));
                return ProtocolJson.mapper().writeValueAsString(tree);
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                return inner.onBinary(socket, data, last);
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                return inner.onClose(socket, statusCode, reason);
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                inner.onError(socket, error);
            }
        }
    }
}
