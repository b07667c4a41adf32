package dev.synckit.client.internal.realtime;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of a {@link RealtimeWorker}.
 *
 * @param pingInterval how long the socket may be quiet before the worker sends a {@code ping}
 * @param pongTimeout how long the worker waits for any frame after a {@code ping} before it drops the socket; also how
 *        long opening a socket (connect and upgrade) and each send on it may take
 * @param minBackoff the first wait before reconnecting
 * @param maxBackoff the longest wait before reconnecting
 * @param catchUpTimeout how long an HTTP catch-up sync may take before the worker gives up on the socket
 * @param pushTimeout how long a push over the socket waits for its answer before it goes over HTTP instead (and the
 *        socket is reopened)
 */
public record RealtimeSettings(Duration pingInterval, Duration pongTimeout, Duration minBackoff, Duration maxBackoff,
                               Duration catchUpTimeout, Duration pushTimeout) {

    /**
     * Ping after 20 s of quiet, give up 10 s later; reconnect after 0.5 s doubling to 30 s; catch up within 2 min;
     * a push's answer within 30 s.
     */
    public static final RealtimeSettings DEFAULTS = new RealtimeSettings(Duration.ofSeconds(20), Duration.ofSeconds(10),
            Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(30));

    /** Checks the components. */
    public RealtimeSettings {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pongTimeout, "pongTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
        Objects.requireNonNull(pushTimeout, "pushTimeout");
        if (minBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("minBackoff must not exceed maxBackoff");
        }
    }
}
