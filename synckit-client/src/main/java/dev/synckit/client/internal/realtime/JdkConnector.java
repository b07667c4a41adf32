package dev.synckit.client.internal.realtime;

import java.net.ProtocolException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.transport.FrameDecoder;
import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.ServerFrame;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidTypeIdException;

/**
 * Opens realtime sockets through {@link SyncKitClient#openRealtime} (the JDK's WebSocket client) and turns what
 * arrives into {@link SocketEvent}s: text frames are joined from their parts (at most {@value #MAX_FRAME_CHARS}
 * characters) and decoded: {@code ops} frames straight into the pull's op form ({@link FrameDecoder}), the others
 * into protocol records; frames of a type this version does not know are skipped, as the protocol asks; anything
 * else that does not decode fails the socket. One frame at a time: the next is requested by the worker, except
 * around pushes ({@link PendingPushes}): a push asks for one more frame, on which its answer comes and is handed
 * over here, and while a push waits, the frame after any frame given to the worker is asked for at once.
 *
 * <p>Opening waits at most the connector's timeout (the client's own bound, twice its request timeout, is far longer):
 * a server that accepts the connection but never answers the upgrade must not hold the worker, which retries after
 * its backoff while HTTP sync goes on. A socket that opens after that is closed at once.
 */
final class JdkConnector implements Connector {

    /** The largest frame accepted from the server, in characters. */
    static final int MAX_FRAME_CHARS = 64 * 1024 * 1024;

    private final SyncKitClient client;
    private final Duration timeout;

    /**
     * @param client opens the sockets
     * @param timeout how long opening a socket, and each send on it, may take
     */
    JdkConnector(SyncKitClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Link open(Consumer<SocketEvent> events) throws Exception {
        var pushes = new PendingPushes();
        var opening = client.openRealtime(new FrameListener(events, pushes));
        try {
            return new JdkLink(opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS), timeout, pushes);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            opening.thenAccept(WebSocket::abort); // given up on: if it opens after all, it goes at once
            throw new NetworkException("the realtime socket did not open within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            opening.thenAccept(WebSocket::abort);
            throw e;
        }
    }

    /** The open socket. The JDK takes one send at a time, so sends wait for each other. */
    private static final class JdkLink implements Link {

        private final WebSocket socket;
        private final Duration sendTimeout;
        private final PendingPushes pushes;
        private final ReentrantLock sending = new ReentrantLock();

        JdkLink(WebSocket socket, Duration sendTimeout, PendingPushes pushes) {
            this.socket = socket;
            this.sendTimeout = sendTimeout;
            this.pushes = pushes;
        }

        @Override
        public void send(ClientFrame frame) throws Exception {
            sendText(ProtocolJson.mapper().writeValueAsString(frame));
        }

        @Override
        public CompletableFuture<ServerFrame> push(String requestId, String frame) {
            var answer = pushes.register(requestId);
            socket.request(1); // the answer's own frame: it never waits for the worker to ask for the next one
            try {
                sendText(frame);
            } catch (Exception e) {
                pushes.fail(requestId, "sending the push failed: " + e);
            }
            return answer;
        }

        private void sendText(String text) throws Exception {
            sending.lock();
            try {
                socket.sendText(text, true).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                sending.unlock();
            }
        }

        @Override
        public void request() {
            socket.request(1);
        }

        @Override
        public void abort() {
            pushes.socketGone("the realtime socket was dropped");
            socket.abort();
        }
    }

    /** Decodes frames; called by the JDK one event at a time. */
    private static final class FrameListener implements WebSocket.Listener {

        private final Consumer<SocketEvent> events;
        private final PendingPushes pushes;
        private final StringBuilder text = new StringBuilder();

        FrameListener(Consumer<SocketEvent> events, PendingPushes pushes) {
            this.events = events;
            this.pushes = pushes;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (text.length() > MAX_FRAME_CHARS) {
                text.setLength(0);
                events.accept(new SocketEvent.Failed(new ProtocolException("the server sent a frame larger than "
                        + MAX_FRAME_CHARS + " characters")));
                socket.abort();
                return null;
            }
            if (!last) {
                socket.request(1);
                return null;
            }
            var message = text.toString();
            text.setLength(0);
            try {
                var ops = FrameDecoder.decodeOps(message);
                ServerFrame frame = null;
                if (ops == null) {
                    frame = ProtocolJson.mapper().readValue(message, ServerFrame.class);
                    if (pushes.answer(frame)) {
                        return null; // it came on the frame its push asked for
                    }
                }
                // While a push waits, its answer must not queue behind this frame, whose handling may wait for the
                // pushing sync: the next frame is asked for now, not once the worker handled this one.
                boolean pushing = pushes.any();
                events.accept(ops != null ? new SocketEvent.Streamed(ops, pushing)
                        : new SocketEvent.Received(frame, pushing));
                if (pushing) {
                    socket.request(1);
                }
            } catch (InvalidTypeIdException e) {
                socket.request(1); // a frame type of a newer server: ignored, as the protocol asks
            } catch (JacksonException | IllegalArgumentException e) {
                // Never the frame itself: only that it broke the protocol.
                events.accept(new SocketEvent.Failed(new ProtocolException("the server sent a frame that is not a "
                        + "valid frame of the protocol")));
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            socket.request(1); // not part of the protocol: ignored
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            pushes.socketGone("the server closed the realtime socket (" + statusCode + ")");
            events.accept(new SocketEvent.Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            pushes.socketGone("the realtime socket failed");
            events.accept(new SocketEvent.Failed(error));
        }
    }
}
