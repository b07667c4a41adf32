package dev.synckit.server.internal.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.store.LogPage;
import dev.synckit.server.internal.store.Store;

/**
 * The realtime fan-out of one space on this node: its subscriptions, and the reader that fetches the space's new ops
 * from the store once (not once per socket) and hands them to every subscription as an encoded {@code ops} frame.
 *
 * <p><b>Frontier.</b> {@link #frontier} is the highest seq this feed has read and dispatched; every subscription's
 * cursor is at least the frontier. {@link #signal(long)} says "the log has grown to at least this seq"; a drain then
 * reads the ops after the frontier, in pages of at most {@code maxOps} ops and {@code maxChars} characters, and
 * moves the frontier. Each subscription gets exactly the ops above its own cursor: the shared frame when its cursor
 * is the page's start, a frame of the page's tail when it is inside the page, nothing when it is past the page. A
 * burst of appends larger than one page (a bulk push of up to {@value #MAX_STREAMED_PAGES} pages) goes out as
 * several frames in order. If the log has grown further than that, or the store fails, or an announced head is not
 * in the store, the subscriptions get {@code catch_up} up to the head instead, and the frontier jumps there: never a
 * gap, never an op twice, and when in doubt the client pulls.
 *
 * <p><b>Encoding.</b> Frames are written from the log as stored ({@link Store#pullLog}, {@link OpsFrames}): the ops'
 * fields are copied, not parsed and re-encoded, once per page for every subscription at the page's start and once
 * per distinct tail.
 *
 * <p><b>Threads.</b> Everything that reads or moves the frontier or a cursor runs under {@link #lock}: drains (on
 * the hub's virtual threads, at most one running per feed, coalescing signals) and subscribe/unsubscribe (on the
 * connection's thread). Frames are only queued ({@link WsSession} never blocks), so a slow socket never holds the
 * lock. A feed whose last subscription left is {@linkplain #retired() retired} and replaced by a new one on the next
 * subscribe.
 */
final class SpaceFeed {

    private static final Logger log = LoggerFactory.getLogger(SpaceFeed.class);
    /**
     * How many pages behind the head the feed still streams frame by frame; further behind, clients pull (one
     * request then moves more than a socket should queue). Ten default pages hold one bulk push of 5,000 ops.
     */
    static final int MAX_STREAMED_PAGES = 10;

    private final UUID spaceId;
    private final Store store;
    private final Executor executor;
    private final int maxOps;
    private final long maxChars;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicLong wanted = new AtomicLong(-1);
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The highest seq read and dispatched; -1 until the first subscription reads the head. Guarded by lock. */
    private long frontier = -1;
    private boolean retired;

    SpaceFeed(UUID spaceId, Store store, Executor executor, int maxOps, long maxChars) {
        this.spaceId = spaceId;
        this.store = store;
        this.executor = executor;
        this.maxOps = maxOps;
        this.maxChars = maxChars;
    }

    UUID spaceId() {
        return spaceId;
    }

    /**
     * Adds a subscription whose client has applied everything up to {@code after}: sends {@code subscribed}, then the
     * ops after {@code after} that this node already dispatched (one {@code ops} frame, or {@code catch_up} if they
     * do not fit in one), and from then on every new op.
     *
     * @return false if the feed was retired meanwhile; the caller subscribes to a new feed
     */
    boolean subscribe(Subscription subscription, long after) {
        lock.lock();
        try {
            if (retired) {
                return false;
            }
            if (frontier < 0) {
                frontier = store.head(spaceId);
            }
            var session = subscription.session;
            session.send(new ServerFrame.Subscribed(spaceId, frontier));
            subscription.advance(after);
            if (after < frontier) {
                var page = store.pullLog(spaceId, after, maxOps, maxChars);
                if (page.hasMore() || page.ops().isEmpty() || page.ops().getFirst().seq() != after + 1
                        || page.nextCursor() - after != page.ops().size()) {
                    // Too much for one frame, or holes (compacted away): the client pulls instead.
                    subscription.advance(frontier);
                    session.send(new ServerFrame.CatchUp(spaceId, frontier));
                } else {
                    // The page may reach past the frontier (appends not dispatched yet); the cursor says so.
                    subscription.advance(page.nextCursor());
                    session.sendOps(OpsFrames.encode(spaceId, page.ops()));
                }
            }
            subscriptions.add(subscription);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a subscription.
     *
     * @return true if it was the last one: the feed is retired and the caller forgets it
     */
    boolean unsubscribe(Subscription subscription) {
        lock.lock();
        try {
            subscriptions.remove(subscription);
            retired = subscriptions.isEmpty();
            return retired;
        } finally {
            lock.unlock();
        }
    }

    boolean retired() {
        lock.lock();
        try {
            return retired;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of subscriptions. */
    int size() {
        lock.lock();
        try {
            return subscriptions.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the feed that the space's log has grown to at least {@code head}; new ops are read and sent soon, on
     * the executor. Never blocks.
     */
    void signal(long head) {
        wanted.accumulateAndGet(head, Math::max);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        do {
            lock.lock();
            try {
                while (!retired && frontier >= 0 && frontier < wanted.get()) {
                    try {
                        readAndDispatch();
                    } catch (RuntimeException e) {
                        log.error("Realtime fan-out of space {} failed; sending catch_up", spaceId, e);
                        catchUp(wanted.get());
                    }
                }
            } finally {
                lock.unlock();
                draining.set(false);
            }
            // A signal that came after the loop's last check but before draining was cleared found draining set.
        } while (wanted.get() > frontierNow() && draining.compareAndSet(false, true));
    }

    private long frontierNow() {
        lock.lock();
        try {
            return retired || frontier < 0 ? Long.MAX_VALUE : frontier;
        } finally {
            lock.unlock();
        }
    }

    /** One page after the frontier; guarded by lock. */
    private void readAndDispatch() {
        long from = frontier;
        long head = wanted.get();
        LogPage page;
        try {
            page = store.pullLog(spaceId, from, maxOps, maxChars);
            if (page.hasMore()) {
                head = Math.max(head, store.head(spaceId));
            }
        } catch (RuntimeException e) {
            // The store failed: the subscribers cannot get the ops from here, so they pull them (and retry that).
            log.warn("Realtime fan-out of space {} could not read the log; sending catch_up: {}", spaceId,
                    e.getMessage());
            catchUp(head);
            return;
        }
        if (page.ops().isEmpty() || page.hasMore() && head - from > (long) maxOps * MAX_STREAMED_PAGES) {
            // An announced head that is not in the store (a notification from a newer snapshot than ours), or more
            // than a burst: either way the clients pull.
            catchUp(head);
            return;
        }
        if (page.hasMore()) {
            wanted.accumulateAndGet(head, Math::max); // the drain loop goes on with the next page
        }
        dispatch(from, page.ops());
    }

    private void dispatch(long from, List<LogPage.Entry> ops) {
        long last = ops.getLast().seq();
        String whole = null;
        for (var s : subscriptions) {
            long cursor = s.cursor();
            if (cursor >= last) {
                continue;
            }
            if (cursor < from) {
                // Cannot happen while every cursor is >= the frontier; if it does, do not leave a gap.
                s.advance(last);
                s.session.send(new ServerFrame.CatchUp(spaceId, last));
                continue;
            }
            s.advance(last);
            if (cursor == from) {
                if (whole == null) {
                    whole = OpsFrames.encode(spaceId, ops);
                }
                s.session.sendOps(whole);
            } else {
                var tail = ops.subList((int) (cursor - from), ops.size());
                s.session.sendOps(OpsFrames.encode(spaceId, tail));
            }
        }
        frontier = last;
    }

    private void catchUp(long head) {
        for (var s : subscriptions) {
            if (s.cursor() < head) {
                s.advance(head);
                s.session.send(new ServerFrame.CatchUp(spaceId, head));
            }
        }
        frontier = Math.max(frontier, head);
    }
}
