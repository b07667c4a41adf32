package dev.synckit.client.internal.event;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.synckit.client.EventSubscription;
import dev.synckit.client.SyncEvent;

/**
 * One subscriber's bounded queue.
 *
 * <p>Invariants: the queue never holds more than {@link #capacity} events; {@link #offer} never waits (the lock
 * guards a few field updates only, and readers release it while they wait); at most one
 * {@link SyncEvent.EventsOverflowed} is queued, always at the head, and its count is the total of events
 * discarded since the subscriber last read it.
 */
final class QueueSubscription implements EventSubscription {

    private final int capacity;
    private final Consumer<QueueSubscription> onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<SyncEvent> queue = new ArrayDeque<>();
    private boolean closed;

    QueueSubscription(int capacity, Consumer<QueueSubscription> onClose) {
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /**
     * Queues an event; on overflow, replaces the whole queue with one {@link SyncEvent.EventsOverflowed}.
     *
     * @param event the event
     */
    void offer(SyncEvent event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (queue.size() < capacity) {
                queue.add(event);
            } else {
                long dropped = 1; // the event that did not fit
                for (var queued : queue) {
                    dropped += queued instanceof SyncEvent.EventsOverflowed o ? o.dropped() : 1;
                }
                queue.clear();
                queue.add(new SyncEvent.EventsOverflowed(dropped));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<SyncEvent> poll() {
        lock.lock();
        try {
            return Optional.ofNullable(queue.poll());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<SyncEvent> poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty() && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return Optional.ofNullable(queue.poll());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SyncEvent take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty() && !closed) {
                changed.await();
            }
            var next = queue.poll();
            if (next == null) {
                throw new IllegalStateException("the event subscription is closed");
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "EventSubscription[capacity=" + capacity + (isClosed() ? ", closed]" : "]");
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // a timeout of centuries: wait "forever"
        }
    }
}
