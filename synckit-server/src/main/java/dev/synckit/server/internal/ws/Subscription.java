package dev.synckit.server.internal.ws;

import java.util.UUID;

/**
 * One connection's subscription to one space: which device listens, and its cursor, the highest seq this server
 * has handed to the connection (or asked it to catch up to) for the space.
 *
 * <p>Invariant, kept by {@link SpaceFeed} under its lock: every op above {@code cursor} that the feed reads is sent,
 * in order, starting at {@code cursor + 1}; the cursor only grows. It is written before the frame is queued, so a
 * {@code catch_up} that replaces dropped frames (built from the cursor by another thread) covers them.
 */
final class Subscription {

    final WsSession session;
    final UUID spaceId;
    final UUID deviceId;
    private volatile long cursor;

    Subscription(WsSession session, UUID spaceId, UUID deviceId, long cursor) {
        this.session = session;
        this.spaceId = spaceId;
        this.deviceId = deviceId;
        this.cursor = cursor;
    }

    long cursor() {
        return cursor;
    }

    /** Moves the cursor forward; guarded by the feed's lock. */
    void advance(long seq) {
        if (seq > cursor) {
            cursor = seq;
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + spaceId + " of " + session.id() + " at " + cursor + "]";
    }
}
