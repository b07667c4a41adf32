package dev.synckit.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * W6's observer of the devices of one host, from {@link #listen()} (before the server stops) on. A device has
 * <b>reconnected</b> when a socket it opened since then received its first message (the server's {@code subscribed},
 * noted by {@link CountingWebSocket}; its time counts) and the engine reports the socket subscribed; it has its
 * <b>rows</b> when a remote change event finds {@code rows} rows in its database (the event's reception time counts).
 * The engine's status is asked only for devices whose new socket got a message, every {@link #POLL}; a slower sweep
 * over every device's row count ({@link #SWEEP_EVERY} polls) backs the events up.
 */
final class BacklogWatch {

    static final Duration POLL = Duration.ofMillis(5);
    static final int SWEEP_EVERY = 100;

    /**
     * Per device, epoch microseconds or -1.
     *
     * @param reconnected when its socket was subscribed again
     * @param rows when it held all rows
     */
    record Times(long[] reconnected, long[] rows) {
    }

    private final List<HostedDevice> devices;
    private final long rows;
    private final AtomicLongArray rowsAt;
    private final long[] reconnectedAt;
    private long since;

    BacklogWatch(List<HostedDevice> devices, long rows) {
        this.devices = List.copyOf(devices);
        this.rows = rows;
        this.rowsAt = new AtomicLongArray(devices.size());
        this.reconnectedAt = new long[devices.size()];
        for (int i = 0; i < devices.size(); i++) {
            rowsAt.set(i, -1);
            reconnectedAt[i] = -1;
        }
    }

    BacklogWatch listen() {
        since = WallClock.micros();
        for (int i = 0; i < devices.size(); i++) {
            int index = i;
            devices.get(i).onRemote(remote -> checkRows(index, remote.micros()));
        }
        return this;
    }

    private void checkRows(int i, long micros) {
        if (rowsAt.get(i) >= 0) {
            return;
        }
        long count;
        try {
            count = devices.get(i).app(Todos::count);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count a device's rows: " + e.getMessage(), e);
        }
        if (count >= rows) {
            rowsAt.compareAndSet(i, -1, micros);
        }
    }

    /** Waits until every device has reconnected and holds its rows, or the timeout passed. */
    Times await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int poll = 1; System.nanoTime() < deadline && !Thread.currentThread().isInterrupted(); poll++) {
            boolean all = true;
            for (int i = 0; i < devices.size(); i++) {
                if (poll % SWEEP_EVERY == 0) {
                    checkRows(i, WallClock.micros());
                }
                if (reconnectedAt[i] < 0) {
                    long first = devices.get(i).http().newestWebSocketFirstMessageMicros();
                    if (first >= since && devices.get(i).engine().status().realtimeConnected()) {
                        reconnectedAt[i] = first;
                    }
                }
                all &= rowsAt.get(i) >= 0 && reconnectedAt[i] >= 0;
            }
            if (all) {
                break;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        var rowTimes = new long[devices.size()];
        Arrays.setAll(rowTimes, rowsAt::get);
        return new Times(reconnectedAt.clone(), rowTimes);
    }
}
