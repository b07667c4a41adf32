package dev.synckit.client.internal.realtime;

import java.util.function.Consumer;

/** Opens realtime sockets for a {@link RealtimeWorker}. */
interface Connector {

    /**
     * Opens a socket and waits until it is open.
     *
     * @param events receives what happens on the socket, in order, from the socket's threads; never blocks
     * @return the open socket, which has asked for its first frame
     * @throws Exception if the socket cannot be opened (the worker backs off and tries again)
     */
    Link open(Consumer<SocketEvent> events) throws Exception;
}
