package dev.synckit.client.internal.event;

import java.util.concurrent.CopyOnWriteArrayList;

import dev.synckit.client.EventSubscription;
import dev.synckit.client.SyncEvent;

/**
 * Fans an engine's events out to its subscribers, one bounded {@link QueueSubscription} each.
 *
 * <p>Invariant: {@link #publish} never waits for a subscriber; it only appends to each queue under that queue's
 * short lock, so sync and the change watcher run at full speed whatever the subscribers do. Safe for concurrent
 * use; events published by one thread reach every subscriber in publication order.
 */
public final class EventHub {

    /** The default queue capacity of a subscription. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** The largest queue capacity of a subscription. */
    public static final int MAX_CAPACITY = 1_000_000;

    private final CopyOnWriteArrayList<QueueSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Adds a subscriber.
     *
     * @param capacity the most events its queue holds
     * @return the subscription
     * @throws IllegalArgumentException if the capacity is out of range
     * @throws IllegalStateException if the hub is closed
     */
    public EventSubscription subscribe(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be within 1.." + MAX_CAPACITY + ": " + capacity);
        }
        var subscription = new QueueSubscription(capacity, subscriptions::remove);
        subscriptions.add(subscription);
        if (closed) {
            // close() may have run between the check a caller made and the add: never leave a live subscription.
            subscription.close();
            throw new IllegalStateException("the engine is closed");
        }
        return subscription;
    }

    /**
     * Delivers an event to every current subscriber, without waiting.
     *
     * @param event the event
     */
    public void publish(SyncEvent event) {
        for (var s : subscriptions) {
            s.offer(event);
        }
    }

    /** {@return whether anyone is subscribed, so that producers can skip building events nobody reads} */
    public boolean hasSubscribers() {
        return !subscriptions.isEmpty();
    }

    /** Closes every subscription; later subscribe calls fail. Queued events stay readable. Idempotent. */
    public void close() {
        closed = true;
        for (var s : subscriptions) {
            s.close();
        }
    }
}
