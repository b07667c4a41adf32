package dev.synckit.client.internal.realtime;

import dev.synckit.protocol.ClientFrame;

/**
 * One open realtime socket, as the {@link RealtimeWorker} uses it: used by the worker's thread only.
 */
interface Link {

    /**
     * Sends a frame and waits until it is handed to the network.
     *
     * @throws Exception if the socket failed or the send timed out
     */
    void send(ClientFrame frame) throws Exception;

    /** Asks for the next frame: the socket delivers one frame per request, so the server cannot flood the worker. */
    void request();

    /** Drops the socket at once. Idempotent. */
    void abort();
}
