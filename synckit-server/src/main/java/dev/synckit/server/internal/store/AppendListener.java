package dev.synckit.server.internal.store;

import java.util.UUID;

/**
 * Told by a store about appends to space logs that other server processes sharing the database committed
 * ({@link Store#listenForAppends}); the realtime fan-out reads the new ops and sends them to its sockets.
 *
 * <p>Calls come from the store's listener thread, one at a time; they must return quickly and never block (hand the
 * work to another thread). A head may be reported more than once, late, or after a higher one; appends of this
 * process may be reported too. Only the highest head per space matters.
 */
public interface AppendListener {

    /**
     * A space's log grew.
     *
     * @param spaceId the space
     * @param head the space's highest seq after the append
     */
    void appended(UUID spaceId, long head);

    /**
     * Appends may have happened without being reported: the listener has just (re)connected to the database. Every
     * space of interest should be read again.
     */
    void appendsMayHaveBeenMissed();
}
