package dev.synckit.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * W6's observer of the devices of one host: a device is done when it holds {@code rows} rows and its realtime socket
 * is subscribed again. The rows are noticed on the device's remote change events (their reception time counts); the
 * socket's state has no event, so a device whose rows are complete is asked for its status every
 * {@link #CONNECTED_POLL} until it is subscribed (the time of that answer counts). A slower sweep over every
 * device's row count ({@link #SWEEP_EVERY} polls) backs the events up.
 */
final class BacklogWatch {

    static final Duration CONNECTED_POLL = Duration.ofMillis(5);
    static final int SWEEP_EVERY = 100;

    private final List<HostedDevice> devices;
    private final long rows;
    private final AtomicLongArray rowsAt;
    private final long[] connectedAt;

    BacklogWatch(List<HostedDevice> devices, long rows) {
        this.devices = List.copyOf(devices);
        this.rows = rows;
        this.rowsAt = new AtomicLongArray(devices.size());
        this.connectedAt = new long[devices.size()];
        for (int i = 0; i < devices.size(); i++) {
            rowsAt.set(i, -1);
            connectedAt[i] = -1;
        }
    }

    BacklogWatch listen() {
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

    /**
     * Waits until every device is done or the timeout passed; returns per device when it was done (the later of
     * its rows and its socket, epoch microseconds) or -1.
     */
    long[] await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int poll = 1; System.nanoTime() < deadline && !Thread.currentThread().isInterrupted(); poll++) {
            boolean all = true;
            for (int i = 0; i < devices.size(); i++) {
                if (poll % SWEEP_EVERY == 0) {
                    checkRows(i, WallClock.micros());
                }
                if (rowsAt.get(i) >= 0 && connectedAt[i] < 0 && devices.get(i).engine().status().realtimeConnected()) {
                    connectedAt[i] = WallClock.micros();
                }
                all &= rowsAt.get(i) >= 0 && connectedAt[i] >= 0;
            }
            if (all) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CONNECTED_POLL.toMillis()));
        }
        var done = new long[devices.size()];
        Arrays.fill(done, -1);
        for (int i = 0; i < devices.size(); i++) {
            if (rowsAt.get(i) >= 0 && connectedAt[i] >= 0) {
                done[i] = Math.max(rowsAt.get(i), connectedAt[i]);
            }
        }
        return done;
    }
}
