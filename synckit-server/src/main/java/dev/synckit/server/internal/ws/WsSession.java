package dev.synckit.server.internal.ws;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.store.Principal;

/**
 * One realtime WebSocket connection: who is connected, its subscriptions (at most one per space), and its
 * {@link Outbox} with the virtual thread ({@code synckit-ws-send-<id>}) that sends the outbox's frames one at a time.
 *
 * <p>Frames are queued from any thread and never block the caller. A connection that does not drain its outbox
 * ({@link Outbox#offer} refuses) is closed with {@value #POLICY_VIOLATION} and, if the close handshake cannot even be
 * written, dropped {@link #DISCONNECT_GRACE} later. Safe for concurrent use.
 */
final class WsSession {

    /** The close code for a slow consumer (and for revoked credentials): policy violation. */
    static final int POLICY_VIOLATION = 1008;
    static final Duration DISCONNECT_GRACE = Duration.ofSeconds(5);
    /** The close code of a stopping server. */
    static final int GOING_AWAY = 1001;
    private static final Logger log = LoggerFactory.getLogger(WsSession.class);

    private final String id;
    private final Principal principal;
    private final byte[] keyHash;
    private final FrameSink sink;
    private final ScheduledExecutorService timer;
    private final Outbox outbox;
    private final Map<UUID, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    WsSession(String id, Principal principal, byte[] keyHash, FrameSink sink, int maxFrames, long maxChars,
              ScheduledExecutorService timer) {
        this.id = id;
        this.principal = principal;
        this.keyHash = keyHash.clone();
        this.sink = sink;
        this.timer = timer;
        this.outbox = new Outbox(maxFrames, maxChars, this::catchUps);
    }

    /** Starts the sender thread. */
    void start() {
        Thread.ofVirtual().name("synckit-ws-send-" + id).start(this::sendLoop);
    }

    String id() {
        return id;
    }

    Principal principal() {
        return principal;
    }

    /** The SHA-256 of the API key the connection authenticated with, to check it is still active. */
    byte[] keyHash() {
        return keyHash.clone();
    }

    /** Queues a frame that is never dropped for a {@code catch_up}. */
    void send(ServerFrame frame) {
        offer(Frames.encode(frame), Outbox.Kind.CONTROL);
    }

    /** Queues an encoded {@code ops} frame; an overflow replaces it by a {@code catch_up}. */
    void sendOps(String text) {
        offer(text, Outbox.Kind.OPS);
    }

    @Nullable Subscription subscription(UUID spaceId) {
        return subscriptions.get(spaceId);
    }

    Collection<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    void put(Subscription subscription) {
        subscriptions.put(subscription.spaceId, subscription);
    }

    boolean remove(Subscription subscription) {
        return subscriptions.remove(subscription.spaceId, subscription);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Starts closing the connection from the server's side. Idempotent. */
    void close(int code, String reason) {
        if (startClosing(code, reason)) {
            timer.schedule(sink::disconnect, DISCONNECT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Closes the connection at once, for a stopping server: the close frame is attempted, then the connection is
     * dropped without {@link #DISCONNECT_GRACE} (the timer that would drop it later is stopping too, and a client
     * whose connection stayed open would only notice at its next heartbeat). Idempotent.
     */
    void closeNow(int code, String reason) {
        startClosing(code, reason);
        sink.disconnect();
    }

    /** Stops sending and sends the close frame, once; returns whether this call did it. */
    private boolean startClosing(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        outbox.close();
        sink.close(code, reason);
        return true;
    }

    /** The connection is gone (closed by either side or broken): stop sending. Idempotent. */
    void ended() {
        closed.set(true);
        outbox.close();
    }

    private void offer(String text, Outbox.Kind kind) {
        if (!outbox.offer(text, kind)) {
            log.info("Closing realtime connection {} of user {}: it does not read its frames", id,
                    principal.userId());
            close(POLICY_VIOLATION, "slow consumer: frames were not read");
        }
    }

    private List<String> catchUps() {
        return subscriptions.values().stream()
                .map(s -> Frames.encode(new ServerFrame.CatchUp(s.spaceId, s.cursor()))).toList();
    }

    private void sendLoop() {
        try {
            for (var frame = outbox.take(); frame != null; frame = outbox.take()) {
                sink.send(frame.text()).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        } catch (ExecutionException e) {
            // The connection broke under the write; Jetty reports the close to the endpoint, which ends the session.
            log.debug("Realtime connection {} failed while sending: {}", id, String.valueOf(e.getCause()));
            ended();
        }
    }

    @Override
    public String toString() {
        return "WsSession[" + id + ", user " + principal.userId() + "]";
    }
}
