package dev.synckit.server.internal.ws;

import java.util.concurrent.CompletableFuture;

/**
 * The socket end of a {@link WsSession}: Jetty's WebSocket session in the server, a recording fake in tests. Sends
 * are asynchronous; the session sends one frame at a time.
 */
interface FrameSink {

    /**
     * Starts sending a text frame.
     *
     * @param text the frame
     * @return completed when the frame was written to the connection, exceptionally if it failed
     */
    CompletableFuture<Void> send(String text);

    /**
     * Starts a close handshake.
     *
     * @param code the WebSocket close code
     * @param reason a short reason, without payloads
     */
    void close(int code, String reason);

    /** Drops the connection at once, without a close handshake (a client that stopped reading). */
    void disconnect();
}
