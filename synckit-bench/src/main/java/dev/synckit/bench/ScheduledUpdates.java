package dev.synckit.bench;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * W2's writer, on device A: update {@code i} is due at {@code start + i / RATE}; at its due time the wall clock is
 * read ({@link WallClock}) and then the update runs as one autocommit statement of plain SQL on the app's
 * connection. The schedule does not catch up by bunching: a late update runs at once and the next keeps its own
 * due time.
 *
 * @param timestamps per update, the wall-clock time (epoch microseconds) taken immediately before its write
 * @param maxLateNanos how late the latest update started after its due time
 * @param maxWriteNanos the longest local write
 */
record ScheduledUpdates(long[] timestamps, long maxLateNanos, long maxWriteNanos) {

    /** How long after the call the first update is due, so that the schedule does not start late. */
    static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    static ScheduledUpdates run(HostedDevice device, UpdatePlan plan, int rate) throws SQLException {
        int n = plan.updates();
        var timestamps = new long[n];
        long late = 0;
        long longestWrite = 0;
        long start = System.nanoTime() + LEAD_NANOS;
        var sql = "UPDATE todos SET title = ?, updated_at = ? WHERE id = ?";
        for (int i = 0; i < n; i++) {
            long due = start + i * TimeUnit.SECONDS.toNanos(1) / rate;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            late = Math.max(late, System.nanoTime() - due);
            int index = i;
            long t0 = System.nanoTime();
            timestamps[i] = WallClock.micros();
            int changed = device.app(app -> {
                try (var ps = app.prepareStatement(sql)) {
                    ps.setString(1, plan.titles().get(index));
                    ps.setLong(2, System.currentTimeMillis());
                    ps.setString(3, plan.rowOf(index));
                    return ps.executeUpdate();
                }
            });
            longestWrite = Math.max(longestWrite, System.nanoTime() - t0);
            if (changed != 1) {
                throw new IllegalStateException("update " + i + " changed " + changed + " rows");
            }
        }
        return new ScheduledUpdates(timestamps, late, longestWrite);
    }
}
