package dev.synckit.server.internal.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.http.SpaceOps;
import dev.synckit.server.internal.store.AppendListener;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.Store;
import io.javalin.config.JavalinConfig;

/**
 * The realtime side of one server node: its WebSocket connections, one {@link SpaceFeed} per space that has
 * subscribers, the {@link AckBuffer}, and the two ways a feed hears about appends: this node's pushes
 * ({@link SpaceOps} calls {@link #appended} after the commit) and, on PostgreSQL, other nodes' pushes (the store's
 * {@code LISTEN} thread calls it too). Both only signal the feed, which reads the new ops once for all its sockets.
 *
 * <p>Threads: one named platform thread, {@code synckit-ws-timer}, writes the acks every
 * {@link ServerConfig#ackFlushInterval()} and drops connections that did not close in time; feed drains and the
 * re-reads after a missed notification run on virtual threads ({@code synckit-ws-feed-N}); each connection has its
 * sender ({@link WsSession}). Lifecycle: {@link #start} before the HTTP server, {@link #close()} after it stopped
 * (the connections are gone by then) and before the store closes: it writes the last acks. Safe for concurrent use.
 */
public final class RealtimeHub implements AppendListener, AutoCloseable {

    /** The WebSocket endpoint. */
    public static final String PATH = "/v1/ws";
    /** The most spaces one connection subscribes to. */
    static final int MAX_SUBSCRIPTIONS = 16;
    /** A connection that sends nothing for this long is closed by Jetty (clients ping every 20 s). */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final long CLOSE_TIMEOUT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(RealtimeHub.class);

    private final Store store;
    private final ServerConfig config;
    private final SpaceOps spaceOps;
    private final AckBuffer acks;
    private final Map<UUID, SpaceFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, WsSession> sessions = new ConcurrentHashMap<>();
    /** Notified whenever a connection is forgotten ({@link #goingAway} waits on it). */
    private final Object sessionGone = new Object();
    /** Set by {@link #goingAway}: a connection opened after it is told so at once. */
    private volatile boolean stopping;
    private final ExecutorService feedThreads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("synckit-ws-feed-", 0).factory());
    private final ScheduledThreadPoolExecutor timer;
    private volatile Store.@Nullable Listening listening;

    private RealtimeHub(Store store, ServerConfig config) {
        this.store = store;
        this.config = config;
        this.spaceOps = new SpaceOps(store, config, this);
        this.acks = new AckBuffer(store::saveDeviceCursors, config.clock());
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("synckit-ws-timer").daemon()
                .factory());
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts the hub: the ack flushes and the store's append listener.
     *
     * @param store the store (possibly still migrating)
     * @param config the queue limits and the ack flush interval
     * @return the running hub
     */
    public static RealtimeHub start(Store store, ServerConfig config) {
        var hub = new RealtimeHub(Objects.requireNonNull(store, "store"), Objects.requireNonNull(config, "config"));
        long every = config.ackFlushInterval().toMillis();
        hub.timer.scheduleWithFixedDelay(hub::flushAcks, every, every, TimeUnit.MILLISECONDS);
        hub.listening = store.listenForAppends(hub);
        return hub;
    }

    /** Returns the push path that tells this hub about appends; the HTTP API pushes through it too. */
    public SpaceOps spaceOps() {
        return spaceOps;
    }

    /**
     * Adds the WebSocket endpoint ({@value #PATH}) to a Javalin configuration.
     *
     * @param cfg the configuration
     */
    public void configure(JavalinConfig cfg) {
        new WsEndpoint(this, store, spaceOps, config).register(cfg);
    }

    @Override
    public void appended(UUID spaceId, long head) {
        var feed = feeds.get(spaceId);
        if (feed != null) {
            feed.signal(head);
        }
    }

    @Override
    public void appendsMayHaveBeenMissed() {
        for (var feed : List.copyOf(feeds.values())) {
            try {
                feedThreads.execute(() -> recheck(feed));
            } catch (RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void recheck(SpaceFeed feed) {
        try {
            feed.signal(store.head(feed.spaceId()));
        } catch (RuntimeException e) {
            // The next notification (or the client's own catch-up pull) delivers these ops instead.
            log.warn("Could not re-read the head of space {} after missed notifications: {}", feed.spaceId(),
                    e.getMessage());
        }
    }

    /** Registers a new connection and starts its sender. */
    WsSession open(String id, Principal principal, byte[] keyHash, FrameSink sink) {
        var session = new WsSession(id, principal, keyHash, sink, config.realtimeQueueFrames(),
                config.realtimeQueueBytes(), timer);
        sessions.put(id, session);
        session.start();
        if (stopping) {
            session.close(WsSession.GOING_AWAY, "server stopping");
        }
        return session;
    }

    @Nullable WsSession session(String id) {
        return sessions.get(id);
    }

    /** Forgets a closed connection: ends its subscriptions and writes its pending acks soon. */
    void closed(WsSession session) {
        session.ended();
        sessions.remove(session.id(), session);
        synchronized (sessionGone) {
            sessionGone.notifyAll();
        }
        var keys = new ArrayList<AckBuffer.Key>();
        for (var s : session.subscriptions()) {
            unsubscribe(s);
            keys.add(new AckBuffer.Key(s.spaceId, s.deviceId));
        }
        if (!keys.isEmpty()) {
            try {
                timer.execute(() -> acks.flush(keys));
            } catch (RejectedExecutionException e) {
                // Closing: close() writes every pending ack.
            }
        }
    }

    /** Subscribes a connection to a space (replacing its subscription to that space, if any). */
    void subscribe(WsSession session, UUID spaceId, UUID deviceId, long after) {
        var old = session.subscription(spaceId);
        if (old != null) {
            unsubscribe(old);
        }
        var subscription = new Subscription(session, spaceId, deviceId, after);
        session.put(subscription); // first: an overflow from now on replaces its dropped frames by a catch_up
        while (true) {
            var feed = feeds.computeIfAbsent(spaceId, id -> new SpaceFeed(id, store, feedThreads,
                    config.defaultPullLimit(), config.realtimeQueueBytes() / 4));
            if (feed.subscribe(subscription, after)) {
                break;
            }
            feeds.remove(spaceId, feed); // retired by a concurrent unsubscribe: use a fresh one
        }
        if (session.isClosed()) {
            unsubscribe(subscription); // the connection closed while subscribing
        }
    }

    private void unsubscribe(Subscription subscription) {
        subscription.session.remove(subscription);
        var feed = feeds.get(subscription.spaceId);
        if (feed != null && feed.unsubscribe(subscription)) {
            feeds.remove(subscription.spaceId, feed);
        }
    }

    /** Records an ack of a subscribed device. */
    void ack(Subscription subscription, long seq) {
        acks.ack(subscription.spaceId, subscription.deviceId, seq);
    }

    /** Returns the number of open connections. */
    int connections() {
        return sessions.size();
    }

    /** Returns the number of spaces with subscribers on this node. */
    int activeSpaces() {
        return feeds.size();
    }

    private void flushAcks() {
        try {
            acks.flush();
        } catch (RuntimeException e) {
            // Never let the periodic task die: the next run tries again (AckBuffer keeps what it could not write).
            log.warn("Flushing acknowledged cursors failed: {}", e.getMessage());
        }
    }

    /**
     * Tells every connection that the server is going away (close code {@code 1001}), before the HTTP server stops,
     * and waits at most {@code grace} for the clients to answer: every client learns that its socket ended, where
     * Jetty's stop would cut the connections (an abnormal close, {@code 1006}, that a client whose frame was in flight
     * could miss until its heartbeat). A connection opened meanwhile is told the same at once.
     *
     * @param grace how long to wait for the close handshakes
     * @throws InterruptedException if interrupted while waiting
     */
    public void goingAway(Duration grace) throws InterruptedException {
        stopping = true;
        var leaving = List.copyOf(sessions.values());
        for (var session : leaving) {
            session.close(WsSession.GOING_AWAY, "server stopping");
        }
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (sessionGone) {
            for (long left = grace.toNanos(); left > 0 && anyOpen(leaving); left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(sessionGone, left);
            }
        }
    }

    private boolean anyOpen(List<WsSession> leaving) {
        for (var session : leaving) {
            if (sessions.get(session.id()) == session) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes remaining connections ({@code 1001}, then dropped at once: {@link WsSession#closeNow}), stops listening
     * and the timer, and writes every pending ack. Idempotent.
     */
    @Override
    public void close() {
        var l = listening;
        listening = null;
        if (l != null) {
            l.close();
        }
        for (var session : List.copyOf(sessions.values())) {
            // Jetty has stopped: a connection still here would otherwise stay open until the client's heartbeat.
            session.closeNow(WsSession.GOING_AWAY, "server stopping");
            closed(session);
        }
        timer.shutdown();
        feedThreads.shutdown();
        try {
            if (!timer.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
            if (!feedThreads.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                feedThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing anyway; the final flush below still runs
        }
        acks.flush();
    }
}
