package dev.synckit.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * W2's observer, on device B: when a remote {@code rows changed} event names a row of the plan, it reads the row's
 * title from B's database and, if it is the title of an update not seen yet, records the event's reception time as
 * that update's visibility time. So an update counts as seen only when its value really is in B's database. An
 * update overwritten by a later update of the same row before B saw it stays unseen (with the default parameters
 * no row is updated twice).
 */
final class VisibilityRecorder {

    private final HostedDevice device;
    private final UpdatePlan plan;
    /** Row id → the updates of that row, ascending. */
    private final Map<String, List<Integer>> updatesByRow = new HashMap<>();
    private final long[] seen;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private int seenCount;

    VisibilityRecorder(HostedDevice device, UpdatePlan plan) {
        this.device = device;
        this.plan = plan;
        this.seen = new long[plan.updates()];
        Arrays.fill(seen, -1);
        for (int i = 0; i < plan.updates(); i++) {
            updatesByRow.computeIfAbsent(plan.rowOf(i), id -> new ArrayList<>()).add(i);
        }
    }

    /** Starts listening to the device's remote changes. */
    VisibilityRecorder listen() {
        device.onRemote(this::record);
        return this;
    }

    private void record(HostedDevice.Remote remote) {
        for (var rowId : remote.event().rowIds()) {
            var updates = updatesByRow.get(rowId);
            if (updates == null) {
                continue;
            }
            String title;
            try {
                title = device.app(app -> title(app, rowId));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read B's row: " + e.getMessage(), e);
            }
            for (int i : updates) {
                if (plan.titles().get(i).equals(title)) {
                    mark(i, remote.micros());
                }
            }
        }
    }

    private void mark(int update, long micros) {
        lock.lock();
        try {
            if (seen[update] < 0) {
                seen[update] = micros;
                seenCount++;
                progress.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every update was seen or the timeout passed; returns the visibility times (-1: unseen). */
    long[] await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (seenCount < seen.length) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                progress.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            return seen.clone();
        } finally {
            lock.unlock();
        }
    }

    /** Counts the updated rows whose title in B's database is the title of their last update. */
    int rowsWithLastTitle() throws SQLException {
        return device.app(app -> {
            int n = 0;
            for (var e : updatesByRow.entrySet()) {
                n += plan.titles().get(e.getValue().getLast()).equals(title(app, e.getKey())) ? 1 : 0;
            }
            return n;
        });
    }

    int rowsUpdated() {
        return updatesByRow.size();
    }

    private static String title(Connection app, String rowId) throws SQLException {
        try (var ps = app.prepareStatement("SELECT title FROM todos WHERE id = ?")) {
            ps.setString(1, rowId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }
}
