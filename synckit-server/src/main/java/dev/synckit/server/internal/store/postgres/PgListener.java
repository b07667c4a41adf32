package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.server.internal.store.AppendListener;
import dev.synckit.server.internal.store.Store;

/**
 * The node's ear for appends committed by other server processes: one dedicated connection (not from the pool)
 * that runs {@code LISTEN synckit_ops}, read by one named platform thread, {@code synckit-pg-listener}.
 *
 * <p>Every push that appends ops runs {@code pg_notify('synckit_ops', '<space_id>:<head>')} inside its transaction
 * ({@link PgPushTransaction#finish()}), so PostgreSQL delivers the notification to every listening connection when,
 * and only if, the push commits. The thread waits for notifications with {@code getNotifications(timeout)} and hands
 * each one to the {@link AppendListener}. A connection that breaks, and a silent one (a probe query every
 * {@link #PROBE_INTERVAL} guards against half-open TCP), is replaced with jittered backoff; after every (re)connect
 * the listener is told that appends may have been missed, because notifications sent while no connection listened
 * are lost. Payloads that do not parse (someone else notifying on the channel) are ignored.
 */
final class PgListener implements Store.Listening {

    /** The notification channel. */
    static final String CHANNEL = "synckit_ops";
    static final Duration WAIT = Duration.ofMillis(500);
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern PAYLOAD = Pattern.compile(
            "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([0-9]{1,18})");
    private static final Logger log = LoggerFactory.getLogger(PgListener.class);

    /** A parsed notification. */
    record Notice(UUID spaceId, long head) {
    }

    private final PostgresUrl url;
    private final AppendListener listener;
    private final Thread thread;
    private volatile boolean closed;

    private PgListener(PostgresUrl url, AppendListener listener) {
        this.url = url;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("synckit-pg-listener").daemon().unstarted(this::run);
    }

    /** Starts the listener thread; it connects in the background. */
    static PgListener start(PostgresUrl url, AppendListener listener) {
        var pg = new PgListener(url, listener);
        pg.thread.start();
        return pg;
    }

    /** Parses {@code <space_id>:<head>}. */
    static Optional<Notice> parse(String payload) {
        var m = PAYLOAD.matcher(payload);
        return m.matches() ? Optional.of(new Notice(UUID.fromString(m.group(1)), Long.parseLong(m.group(2))))
                : Optional.empty();
    }

    /** The text {@code pg_notify} sends for an append. */
    static String payload(UUID spaceId, long head) {
        return spaceId + ":" + head;
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try (var c = PgSetup.dedicatedConnection(url)) {
                listen(c);
                if (failures > 0) {
                    log.info("Listening for appends of other nodes again ({} failed attempts)", failures);
                }
                failures = 0;
                listener.appendsMayHaveBeenMissed();
                receive(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                failures++;
                if (failures == 1) {
                    // Degraded, handled: this node's sockets still get its own pushes; other nodes' pushes wait.
                    log.warn("Lost the PostgreSQL connection that hears other nodes' appends; reconnecting: {}",
                            e.getMessage());
                }
                pause(failures);
            }
        }
    }

    private static void listen(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        }
    }

    private void receive(Connection c) throws SQLException {
        var pg = c.unwrap(PGConnection.class);
        long nextProbe = System.nanoTime() + PROBE_INTERVAL.toNanos();
        while (!closed) {
            var notifications = pg.getNotifications((int) WAIT.toMillis());
            if (notifications != null) {
                for (var n : notifications) {
                    parse(n.getParameter()).ifPresentOrElse(
                            notice -> listener.appended(notice.spaceId(), notice.head()),
                            () -> log.debug("Ignored a notification on {} that is not <space>:<head>", CHANNEL));
                }
            }
            if (System.nanoTime() - nextProbe >= 0) {
                probe(c);
                nextProbe = System.nanoTime() + PROBE_INTERVAL.toNanos();
            }
        }
    }

    /** A round trip with a deadline: a connection whose peer vanished without a reset fails here. */
    private static void probe(Connection c) throws SQLException {
        c.setNetworkTimeout(Runnable::run, PgSetup.CONNECT_TIMEOUT_SECONDS * 1000);
        try (var st = c.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    private void pause(int failures) {
        long max = Math.min(MAX_BACKOFF.toMillis(), MIN_BACKOFF.toMillis() << Math.min(failures - 1, 10));
        long millis = max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping anyway; the thread is a daemon
        }
    }
}
