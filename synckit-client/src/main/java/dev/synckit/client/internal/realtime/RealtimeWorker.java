package dev.synckit.client.internal.realtime;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.transport.PushBody;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.PushResponse;
import dev.synckit.protocol.ServerFrame;

/**
 * Keeps one engine's realtime socket open: connect, catch up over HTTP, subscribe with the cursor, apply what the
 * server streams, ack it; on any trouble drop the socket and do it all again after a jittered, growing pause
 * ({@link RealtimeSettings#minBackoff()} doubling to {@link RealtimeSettings#maxBackoff()}, back to the minimum once
 * a socket was subscribed). While the socket is down nothing here stops the engine's scheduler from syncing over
 * HTTP, and every reconnect starts with an HTTP sync, so nothing that happened meanwhile is missed.
 *
 * <p>Invariants: streamed ops are applied only through {@link RealtimeTarget#apply} (which holds the per-file lock and
 * follows {@link StreamPlan}: never twice, never out of order); a {@code catch_up}, a gap or a reconnect is an HTTP
 * sync ({@link RealtimeTarget#catchUp}); the socket delivers one frame per {@link Link#request()}, so a fast server
 * cannot queue unbounded frames here. Heartbeat: after {@link RealtimeSettings#pingInterval()} without a frame the
 * worker sends {@code ping} and drops the socket if nothing arrives within {@link RealtimeSettings#pongTimeout()}.
 *
 * <p>Threads: one named daemon platform thread, {@code synckit-realtime-<file>}, does all of it; the socket's own
 * threads only put events into a small queue, tagged with the socket they came from so that a late event of a
 * dropped socket is ignored, and hand answers to pushes straight to the pushing thread ({@link #push}).
 * {@link #close()} stops the thread (interrupting a wait) and waits for it.
 */
public final class RealtimeWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RealtimeWorker.class);
    private static final int WARN_AFTER_FAILURES = 5;
    private static final int INBOX_CAPACITY = 64;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The largest push sent over the socket; a larger batch goes over HTTP (the server's frame limit is 8 MiB). */
    static final int MAX_PUSH_FRAME_BYTES = 1024 * 1024;

    /** A socket event with the number of the socket it came from. */
    private record Tagged(int socket, SocketEvent event) {
    }

    /** The server refused the subscription, or closed the socket. */
    private static final class Ended extends Exception {
        Ended(String message) {
            super(message, null, false, false);
        }
    }

    /** The state of one socket from open to drop; worker thread only. */
    private static final class Session {
        final Link link;
        final int number;
        final UUID spaceId;
        final UUID deviceId;
        final long startCursor;
        boolean subscribed;
        boolean awaitingPong;
        long deadline;

        Session(Link link, int number, RealtimeTarget.Position position) {
            this.link = link;
            this.number = number;
            this.spaceId = position.spaceId();
            this.deviceId = position.deviceId();
            this.startCursor = position.cursor();
        }
    }

    private final String name;
    private final Connector connector;
    private final RealtimeTarget target;
    private final RealtimeSettings settings;
    private final ReconnectBackoff backoff;
    private final LongUnaryOperator random;
    private final BlockingQueue<Tagged> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean stopped;
    private volatile boolean connected;
    /** Set when HTTP sync just reached the server: the pause before the next attempt ends now; guarded by lock. */
    private boolean retryNow;
    private volatile @Nullable Link current;
    /** The socket's session once subscribed, for {@link #push}; null while there is none. */
    private volatile @Nullable Session live;
    private final AtomicLong pushNumber = new AtomicLong();
    private volatile int socketNumber;
    /** Whether the last socket got as far as {@code subscribed}; worker thread only. */
    private boolean subscribedOnce;
    private @Nullable Thread thread;

    /**
     * Creates a stopped worker on a client's {@link SyncKitClient#openRealtime realtime socket}.
     *
     * @param name the database file's name, for the thread name
     * @param client opens the sockets
     * @param target the engine
     * @param settings the timing
     */
    public RealtimeWorker(String name, SyncKitClient client, RealtimeTarget target, RealtimeSettings settings) {
        this(name, new JdkConnector(client, settings.pongTimeout()), target, settings,
                bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    RealtimeWorker(String name, Connector connector, RealtimeTarget target, RealtimeSettings settings,
                   LongUnaryOperator random) {
        this.name = name;
        this.connector = connector;
        this.target = target;
        this.settings = settings;
        this.backoff = new ReconnectBackoff(settings.minBackoff(), settings.maxBackoff());
        this.random = random;
    }

    /** Starts the worker's thread. Call once. */
    public void start() {
        lock.lock();
        try {
            if (thread != null || stopped) {
                throw new IllegalStateException("a realtime worker starts once");
            }
            thread = Thread.ofPlatform().name("synckit-realtime-" + name).daemon().start(this::run);
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether the socket is open and subscribed. */
    public boolean connected() {
        return connected;
    }

    /**
     * Tells the worker that the server just answered over HTTP (a sync succeeded): if it is waiting to reconnect,
     * it tries now, and its backoff starts over. Never blocks.
     */
    public void serverReachable() {
        lock.lock();
        try {
            retryNow = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pushes a batch over the open socket ({@code push} frame, answered by {@code push_result}), which saves the
     * HTTP request a push otherwise costs. Called by a pushing sync, on its own thread, while the worker goes on
     * streaming; the answer is handed over as it arrives, even while the worker waits to apply a streamed frame.
     *
     * @param spaceId the space
     * @param body the encoded request, as the HTTP push would send it
     * @return the server's answer; null if the socket could not carry the push: none is subscribed to this space,
     *         the body is over {@value #MAX_PUSH_FRAME_BYTES} bytes, or the socket went (or gave no answer within
     *         the push timeout, then it is dropped and reopened) before the answer. After null the push may or may
     *         not have reached the server; the caller sends it over HTTP, where a repeat is answered
     *         {@code duplicate}.
     * @throws dev.synckit.client.SyncKitException the server's refusal, as the HTTP push would have thrown it
     * @throws dev.synckit.client.NetworkException if the calling thread is interrupted while it waits
     */
    public @Nullable PushResponse push(UUID spaceId, PushBody body) {
        var session = live;
        if (session == null || !session.spaceId.equals(spaceId) || body.json().length > MAX_PUSH_FRAME_BYTES) {
            return null;
        }
        var requestId = "push-" + pushNumber.incrementAndGet();
        var answer = session.link.push(requestId, PendingPushes.frame(requestId, spaceId, body.json()));
        try {
            var response = PendingPushes.await(answer, settings.pushTimeout());
            if (response == null) {
                log.debug("A push over the realtime socket of {} got no answer; sending it over HTTP", name);
            }
            return response;
        } catch (TimeoutException e) {
            deliver(session.number, new SocketEvent.Failed(e)); // the worker drops the socket and opens another
            return null;
        }
    }

    /** Stops the worker: drops the socket and waits for the thread (bounded). Idempotent. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            stopped = true;
            wake.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        var link = current;
        if (link != null) {
            link.abort();
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped anyway: the thread is a daemon
            }
        }
    }

    private void run() {
        int failures = 0;
        while (!stopped) {
            try {
                connectAndStream();
            } catch (UnsupportedOperationException e) {
                log.debug("The client of {} has no realtime socket; syncing over HTTP only", name);
                return;
            } catch (InterruptedException e) {
                continue; // close() interrupted a wait: the loop ends
            } catch (Exception e) {
                if (!stopped) {
                    report(subscribedOnce ? 0 : failures + 1, e);
                }
            } finally {
                setConnected(false);
            }
            failures = subscribedOnce ? 1 : failures + 1;
            try {
                if (pause(backoff.delay(failures, random))) {
                    failures = 0;
                }
            } catch (InterruptedException e) {
                // close(): the loop ends
            }
        }
    }

    /** One socket from open to drop; always ends with an exception, unless the worker stops. */
    private void connectAndStream() throws Exception {
        subscribedOnce = false;
        inbox.clear();
        int number = ++socketNumber;
        var link = connector.open(event -> deliver(number, event));
        current = link;
        try {
            if (stopped) {
                return;
            }
            var session = new Session(link, number, target.catchUp());
            link.send(new ClientFrame.Subscribe(session.spaceId, session.deviceId, session.startCursor));
            stream(session);
        } finally {
            live = null;
            current = null;
            link.abort();
        }
    }

    private void stream(Session s) throws Exception {
        s.deadline = System.nanoTime() + settings.pingInterval().toNanos();
        while (!stopped) {
            var tagged = inbox.poll(Math.max(0, s.deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (tagged == null) {
                heartbeat(s);
                continue;
            }
            if (tagged.socket() != s.number) {
                continue; // a late event of a socket dropped before
            }
            s.awaitingPong = false;
            s.deadline = System.nanoTime() + settings.pingInterval().toNanos();
            switch (tagged.event()) {
                case SocketEvent.Received r -> {
                    handle(s, r.frame());
                    if (!r.requested()) {
                        s.link.request();
                    }
                }
                case SocketEvent.Streamed o -> {
                    if (o.ops().spaceId().equals(s.spaceId)) {
                        applyStreamed(s, o.ops().page());
                    }
                    if (!o.requested()) {
                        s.link.request();
                    }
                }
                case SocketEvent.Closed c -> throw new Ended("the server closed the socket (" + c.code() + ")");
                case SocketEvent.Failed f -> throw f.error() instanceof Exception e ? e
                        : new Ended(f.error().toString());
            }
        }
    }

    private void heartbeat(Session s) throws Exception {
        if (s.awaitingPong) {
            throw new TimeoutException("no answer to a ping within " + settings.pongTimeout().toMillis() + " ms");
        }
        s.link.send(new ClientFrame.Ping());
        s.awaitingPong = true;
        s.deadline = System.nanoTime() + settings.pongTimeout().toNanos();
    }

    private void handle(Session s, ServerFrame frame) throws Exception {
        switch (frame) {
            case ServerFrame.Subscribed sub -> {
                if (sub.spaceId().equals(s.spaceId)) {
                    s.subscribed = true;
                    subscribedOnce = true;
                    live = s;
                    setConnected(true);
                    s.link.send(new ClientFrame.Ack(s.spaceId, s.startCursor));
                }
            }
            case ServerFrame.Ops ops -> {
                // The connector decodes ops frames as SocketEvent.Streamed; one as a record did not take that path,
                // so rather than apply it through a second one, pull what it holds.
                if (ops.spaceId().equals(s.spaceId)) {
                    catchUp(s);
                }
            }
            case ServerFrame.CatchUp c -> {
                if (c.spaceId().equals(s.spaceId)) {
                    catchUp(s);
                }
            }
            case ServerFrame.Error e -> {
                if (!s.subscribed) {
                    throw new Ended("the server refused the subscription: " + e.code().wire());
                }
                log.debug("The realtime socket of {} reported {}", name, e.code().wire());
            }
            case ServerFrame.PushResult p -> {
                // answers to pushes are handed to the pushing thread before they get here (PendingPushes)
            }
            case ServerFrame.Pong p -> {
                // the heartbeat's answer: any frame resets it
            }
        }
    }

    private void applyStreamed(Session s, RemotePage ops) throws Exception {
        switch (target.apply(s.spaceId, ops)) {
            case StreamPlan.Apply applied -> s.link.send(new ClientFrame.Ack(s.spaceId, applied.lastSeq()));
            case StreamPlan.Skip skip -> {
                // everything in it was pulled already
            }
            case StreamPlan.Gap gap -> catchUp(s);
        }
    }

    private void catchUp(Session s) throws Exception {
        var position = target.catchUp();
        if (!position.spaceId().equals(s.spaceId)) {
            throw new Ended("the database now syncs with another space");
        }
        s.link.send(new ClientFrame.Ack(s.spaceId, position.cursor()));
    }

    private void deliver(int socket, SocketEvent event) {
        if (!inbox.offer(new Tagged(socket, event))) {
            // More than one frame per request: not the JDK's contract; drop this socket rather than lose a frame.
            inbox.clear();
            inbox.offer(new Tagged(socket, new SocketEvent.Failed(new IllegalStateException("too many events"))));
        }
    }

    private void setConnected(boolean now) {
        if (connected != now) {
            connected = now;
            try {
                target.connectionChanged(now);
            } catch (RuntimeException e) {
                // Only a scheduling hint for the engine; the socket's state is what matters here.
                log.debug("Telling the engine of {} about the realtime socket failed: {}", name, e.getMessage());
            }
        }
    }

    private void report(int failures, Exception e) {
        var reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (failures == WARN_AFTER_FAILURES) {
            // Degraded, handled: HTTP sync goes on, and the worker keeps trying.
            log.warn("The realtime connection of {} keeps failing ({} attempts, syncing over HTTP meanwhile): {}",
                    name, failures, reason);
        } else if (failures == 0) {
            log.info("The realtime connection of {} was lost; reconnecting: {}", name, reason);
        } else {
            log.debug("Realtime connection attempt {} of {} failed: {}", failures, name, reason);
        }
    }

    /** Waits before the next attempt; returns true if it was cut short because the server is reachable. */
    private boolean pause(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!stopped && !retryNow && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            return retryNow;
        } finally {
            retryNow = false;
            lock.unlock();
        }
    }
}
