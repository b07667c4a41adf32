package dev.synckit.client.internal.realtime;

import java.util.concurrent.CompletableFuture;

import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ServerFrame;

/**
 * One open realtime socket, as the {@link RealtimeWorker} uses it. {@link #request()} is called by the worker's
 * thread only; {@link #send} and {@link #push} by the worker and by a pushing sync (one send at a time).
 */
interface Link {

    /**
     * Sends a frame and waits until it is handed to the network.
     *
     * @throws Exception if the socket failed or the send timed out
     */
    void send(ClientFrame frame) throws Exception;

    /**
     * Sends a {@code push} frame and returns its answer as it arrives ({@link PendingPushes}).
     *
     * @param requestId the frame's request id
     * @param frame the whole frame's text
     * @return completed with the {@code push_result} or {@code error} frame; failed if the frame could not be sent
     *         or the socket went before the answer
     */
    CompletableFuture<ServerFrame> push(String requestId, String frame);

    /** Asks for the next frame: the socket delivers one frame per request, so the server cannot flood the worker. */
    void request();

    /** Drops the socket at once. Idempotent. */
    void abort();
}
