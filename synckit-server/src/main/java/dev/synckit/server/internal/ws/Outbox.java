package dev.synckit.server.internal.ws;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The frames waiting to be sent on one WebSocket connection: a queue bounded by frame count and size, so that a
 * client that reads slowly (or not at all) costs the server a bounded amount of memory and never blocks the
 * appender, the fan-out or other connections.
 *
 * <p>Overflow rule: when a frame does not fit, every queued {@link Kind#OPS ops} frame is dropped and replaced by
 * one {@code catch_up} frame per subscription (from {@code catchUps}, built from the subscriptions' cursors, which
 * already count the dropped ops); the client then pulls over HTTP. If the queue overflows again before those
 * {@code catch_up} frames were sent, or a frame still does not fit after the drop, {@link #offer} returns
 * {@code false}: the connection must be closed. A frame always fits an empty queue, whatever its size.
 *
 * <p>Sizes are counted in characters of the JSON text. Safe for concurrent use: any thread offers, one sender
 * thread {@linkplain #take() takes}.
 */
final class Outbox {

    /** What a queued frame is, for the overflow rule. */
    enum Kind {
        /** A delta: may be dropped on overflow, a {@code catch_up} stands in for it. */
        OPS,
        /** A {@code catch_up} frame put in by an overflow. */
        CATCH_UP,
        /** Anything else (answers, errors, {@code subscribed}, {@code catch_up} of the fan-out): never dropped. */
        CONTROL
    }

    /** A queued frame. */
    record Frame(String text, Kind kind) {
    }

    private final int maxFrames;
    private final long maxChars;
    private final Supplier<List<String>> catchUps;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long chars;
    private int pendingCatchUps;
    private boolean closed;

    /**
     * Creates an empty outbox.
     *
     * @param maxFrames the most queued frames
     * @param maxChars the most queued characters
     * @param catchUps the {@code catch_up} frames that replace dropped deltas, one per subscription; called under
     *                 this outbox's lock, so it must not call back into it
     */
    Outbox(int maxFrames, long maxChars, Supplier<List<String>> catchUps) {
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
        this.catchUps = catchUps;
    }

    /**
     * Queues a frame.
     *
     * @return {@code false} if the connection is a slow consumer that must be closed; {@code true} otherwise (also
     *         when the frame was dropped because the outbox is closed, or because a {@code catch_up} covers it)
     */
    boolean offer(String text, Kind kind) {
        lock.lock();
        try {
            if (closed) {
                return true;
            }
            if (fits(text)) {
                add(new Frame(text, kind));
                return true;
            }
            if (pendingCatchUps > 0) {
                return false; // the last overflow's catch_up frames are not even sent yet: the client does not read
            }
            queue.removeIf(f -> {
                if (f.kind() == Kind.OPS) {
                    chars -= f.text().length();
                    return true;
                }
                return false;
            });
            for (var catchUp : catchUps.get()) {
                add(new Frame(catchUp, Kind.CATCH_UP));
                pendingCatchUps++;
            }
            if (kind == Kind.OPS) {
                return true; // covered by the catch_up frames
            }
            if (!fits(text)) {
                return false;
            }
            add(new Frame(text, kind));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next frame and removes it from the queue.
     *
     * @return the frame, or null once the outbox is closed
     * @throws InterruptedException if the sender is interrupted
     */
    @Nullable Frame take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                ready.await();
            }
            if (closed) {
                return null;
            }
            var frame = queue.poll();
            chars -= frame.text().length();
            if (frame.kind() == Kind.CATCH_UP) {
                pendingCatchUps--;
            }
            return frame;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every queued frame and wakes the sender, which then stops. Idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            chars = 0;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of queued frames. */
    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(String text) {
        return queue.isEmpty() || queue.size() < maxFrames && chars + text.length() <= maxChars;
    }

    private void add(Frame frame) {
        queue.add(frame);
        chars += frame.text().length();
        ready.signal();
    }
}
