package dev.synckit.client.internal.realtime;

import dev.synckit.client.internal.transport.StreamedOps;
import dev.synckit.protocol.ServerFrame;

/** What happened on a realtime socket, in the order it happened. */
sealed interface SocketEvent permits SocketEvent.Received, SocketEvent.Streamed, SocketEvent.Closed,
        SocketEvent.Failed {

    /**
     * An {@code ops} frame arrived, decoded for the pull's apply path; unless {@code requested}, the socket asks for
     * no other frame until {@link Link#request()}.
     *
     * @param ops the frame's space and ops
     * @param requested whether the next frame was already asked for (a push was waiting for its answer)
     */
    record Streamed(StreamedOps ops, boolean requested) implements SocketEvent {
    }

    /**
     * Any other frame arrived; unless {@code requested}, the socket asks for no other until {@link Link#request()}.
     *
     * @param frame the frame
     * @param requested whether the next frame was already asked for (a push was waiting for its answer)
     */
    record Received(ServerFrame frame, boolean requested) implements SocketEvent {
    }

    /**
     * The server closed the socket.
     *
     * @param code the close code
     * @param reason the reason it gave
     */
    record Closed(int code, String reason) implements SocketEvent {
    }

    /**
     * The socket broke, or the server sent something that is not a frame of this protocol.
     *
     * @param error what happened
     */
    record Failed(Throwable error) implements SocketEvent {
    }
}
