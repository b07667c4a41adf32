package dev.synckit.client.internal.realtime;

import java.net.ProtocolException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 * else that does not decode fails the socket. One frame at a time: the next is requested by the worker.
 */
final class JdkConnector implements Connector {

    /** The largest frame accepted from the server, in characters. */
    static final int MAX_FRAME_CHARS = 64 * 1024 * 1024;

    private final SyncKitClient client;
    private final Duration sendTimeout;

    JdkConnector(SyncKitClient client, Duration sendTimeout) {
        this.client = client;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public Link open(Consumer<SocketEvent> events) throws Exception {
        try {
            return new JdkLink(client.openRealtime(new FrameListener(events)).get(), sendTimeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The open socket. */
    private record JdkLink(WebSocket socket, Duration sendTimeout) implements Link {

        @Override
        public void send(ClientFrame frame) throws Exception {
            socket.sendText(ProtocolJson.mapper().writeValueAsString(frame), true)
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void request() {
            socket.request(1);
        }

        @Override
        public void abort() {
            socket.abort();
        }
    }

    /** Decodes frames; called by the JDK one event at a time. */
    private static final class FrameListener implements WebSocket.Listener {

        private final Consumer<SocketEvent> events;
        private final StringBuilder text = new StringBuilder();

        FrameListener(Consumer<SocketEvent> events) {
            this.events = events;
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
                events.accept(ops != null ? new SocketEvent.Streamed(ops)
                        : new SocketEvent.Received(ProtocolJson.mapper().readValue(message, ServerFrame.class)));
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
            events.accept(new SocketEvent.Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            events.accept(new SocketEvent.Failed(error));
        }
    }
}
