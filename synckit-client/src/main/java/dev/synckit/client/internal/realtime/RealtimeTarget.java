package dev.synckit.client.internal.realtime;

import java.util.UUID;

import dev.synckit.client.internal.transport.RemotePage;

/**
 * What a {@link RealtimeWorker} needs from its engine. The engine implements it over its scheduler and its per-file
 * lock, so that everything the worker applies is serialized with the engine's syncs.
 */
public interface RealtimeTarget {

    /**
     * Where the database stands: the space it syncs with, its device, and the highest seq applied.
     *
     * @param spaceId the space
     * @param deviceId the device
     * @param cursor the highest seq applied locally
     */
    record Position(UUID spaceId, UUID deviceId, long cursor) {
    }

    /**
     * Syncs over HTTP (push, then pull until the server has no more) and waits for it. Registers the device and
     * learns the space on a first sync.
     *
     * @return the position after the sync
     * @throws InterruptedException if the worker is stopped meanwhile
     * @throws RuntimeException if the sync failed or took too long
     */
    Position catchUp() throws InterruptedException;

    /**
     * Applies streamed ops of the engine's space, as {@link StreamPlan} says, through the pull's page-apply path: in
     * one transaction with the cursor, raising the remote change events after the commit; under the engine's
     * per-file lock. In an end-to-end encrypted space every op is opened first, and one that does not open rejects
     * the whole frame with nothing applied.
     *
     * @param spaceId the space the ops belong to
     * @param ops contiguous ops, in seq order, as decoded from the frame
     * @return the plan that was carried out; {@link StreamPlan.Gap} also when the space is not the engine's or the
     *         ops do not open
     */
    StreamPlan apply(UUID spaceId, RemotePage ops);

    /**
     * The socket became usable (subscribed) or stopped being.
     *
     * @param connected whether the socket is up
     */
    void connectionChanged(boolean connected);
}
