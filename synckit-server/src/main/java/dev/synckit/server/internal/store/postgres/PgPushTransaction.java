package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.OpKind;
import dev.synckit.server.internal.store.EncodedOp;
import dev.synckit.server.internal.store.KnownOp;
import dev.synckit.server.internal.store.PushTransaction;
import dev.synckit.server.internal.store.RowKey;
import dev.synckit.server.internal.store.RowState;
import dev.synckit.server.internal.store.StoreException;

/**
 * {@link PushTransaction} on one pooled connection inside a transaction that {@link PostgresStore} opens and
 * commits. {@link #lockSpace()} must run first: it takes the space's append lock and, in the same round trip, reads
 * the head and whether the pushing device belongs to the caller. {@link #finish()} must run last, before the commit: it
 * writes the head and the device's clock, which {@link #saveHead} and {@link #saveDeviceMaxHlc} only remember.
 *
 * <p>Round trips are few and independent of the batch size (a push of one op is dominated by them and by the
 * commit's WAL flush): op ids are looked up with one {@code = ANY(array)} query, the row states of every op in the
 * push are loaded with one query, and every other write is one JDBC batch (rewritten into multi-row
 * inserts by the driver's {@code reWriteBatchedInserts}).
 */
final class PgPushTransaction implements PushTransaction {

    private final Connection c;
    private final UUID space;
    private final UUID userId;
    private final UUID deviceId;
    private long head = -1;
    private long newHead = -1;
    private boolean deviceBelongs;
    private @Nullable Hlc newMaxHlc;

    PgPushTransaction(Connection c, UUID spaceId, UUID userId, UUID deviceId) {
        this.c = c;
        this.space = spaceId;
        this.userId = userId;
        this.deviceId = deviceId;
    }

    /**
     * Takes the space's append lock: a row lock on its counter, held until commit or rollback. A second push to
     * the same space waits here; pushes to other spaces lock other rows and do not wait.
     *
     * <p>PostgreSQL lock order and snapshots: under READ COMMITTED this statement's snapshot is taken before it waits
     * for the lock; when the lock is granted, only the locked row is re-read at its newest version (so the head is
     * current), while the rest of the statement keeps the older snapshot. That is why only the device's ownership is
     * read here (a device is registered before it pushes, never under this lock), and everything that the push
     * holding the lock before us may have written (op ids, row states, the device's clock) is read by later
     * statements, whose snapshots start after the lock was granted.
     */
    void lockSpace() throws SQLException {
        try (var st = c.prepareStatement("SELECT s.head_seq, "
                + "EXISTS (SELECT 1 FROM devices WHERE device_id = ? AND user_id = ?) "
                + "FROM spaces s WHERE s.space_id = ? FOR UPDATE OF s")) {
            st.setObject(1, deviceId);
            st.setObject(2, userId);
            st.setObject(3, space);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("space " + space + " vanished during a push", null, false);
                }
                head = rs.getLong(1);
                deviceBelongs = rs.getBoolean(2);
            }
        }
    }

    /**
     * Writes what {@link #saveHead} and {@link #saveDeviceMaxHlc} remembered, in one statement, and (when ops were
     * appended) notifies the other server nodes: {@code pg_notify} in the {@code RETURNING} list runs once, for the
     * one updated space row, and PostgreSQL delivers the notification when, and only if, this transaction commits
     * (see {@link PgListener}). Same round trip as the update.
     */
    void finish() throws SQLException {
        var max = newMaxHlc;
        if (newHead < 0 && max == null) {
            return;
        }
        try (var st = c.prepareStatement("WITH clock AS (INSERT INTO device_clocks (space_id, device_id, max_hlc) "
                + "SELECT ?, ?, ? WHERE ? ON CONFLICT (space_id, device_id) DO UPDATE SET max_hlc = excluded.max_hlc) "
                + "UPDATE spaces SET head_seq = ? WHERE space_id = ? AND ? RETURNING pg_notify('" + PgListener.CHANNEL
                + "', ?)")) {
            st.setObject(1, space);
            st.setObject(2, deviceId);
            st.setString(3, max == null ? "" : max.encode());
            st.setBoolean(4, max != null);
            st.setLong(5, newHead);
            st.setObject(6, space);
            st.setBoolean(7, newHead >= 0);
            st.setString(8, PgListener.payload(space, newHead));
            st.execute();
        }
    }

    @Override
    public boolean deviceBelongsTo(UUID device, UUID user) {
        if (device.equals(deviceId) && user.equals(userId)) {
            return deviceBelongs;
        }
        try (var st = c.prepareStatement("SELECT 1 FROM devices WHERE device_id = ? AND user_id = ?")) {
            st.setObject(1, device);
            st.setObject(2, user);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw PgFailures.failure("device lookup", e);
        }
    }

    @Override
    public boolean accountEncrypted(UUID user) {
        try (var st = c.prepareStatement("SELECT 1 FROM key_blobs WHERE user_id = ?")) {
            st.setObject(1, user);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw PgFailures.failure("key blob lookup", e);
        }
    }

    @Override
    public long head() {
        if (head < 0) {
            throw new IllegalStateException("lockSpace() must run before the head is read");
        }
        return head;
    }

    @Override
    public Map<UUID, KnownOp> knownOps(Collection<UUID> opIds) {
        var out = new HashMap<UUID, KnownOp>();
        try (var st = c.prepareStatement("SELECT op_id, seq, content_hash FROM ops "
                + "WHERE space_id = ? AND op_id = ANY (?) "
                + "UNION ALL SELECT op_id, NULL, content_hash FROM superseded_ops "
                + "WHERE space_id = ? AND op_id = ANY (?)")) {
            var ids = c.createArrayOf("uuid", new LinkedHashSet<>(opIds).toArray());
            st.setObject(1, space);
            st.setArray(2, ids);
            st.setObject(3, space);
            st.setArray(4, ids);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(2);
                    Long logged = rs.wasNull() ? null : seq; // before any other getter: wasNull() is about the last
                    out.put(rs.getObject(1, UUID.class), new KnownOp(logged, rs.getBytes(3)));
                }
            }
        } catch (SQLException e) {
            throw PgFailures.failure("op id lookup", e);
        }
        return out;
    }

    @Override
    public @Nullable Hlc deviceMaxHlc(UUID device) {
        try (var st = c.prepareStatement("SELECT max_hlc FROM device_clocks WHERE space_id = ? AND device_id = ?")) {
            st.setObject(1, space);
            st.setObject(2, device);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Hlc.parse(rs.getString(1)) : null;
            }
        } catch (SQLException e) {
            throw PgFailures.failure("device clock lookup", e);
        }
    }

    /** One query for all the rows, whatever their number. */
    @Override
    public Map<RowKey, RowState> rows(Collection<RowKey> keys) {
        var tables = keys.stream().map(RowKey::table).toArray(String[]::new);
        var rowIds = keys.stream().map(RowKey::rowId).toArray(String[]::new);
        var out = new HashMap<RowKey, RowState>(keys.size() * 2);
        try (var st = c.prepareStatement("SELECT r.tbl, r.row_id, r.tombstone, r.fields "
                + "FROM unnest(?::text[], ?::text[]) AS k (tbl, row_id) "
                + "JOIN row_state r ON r.space_id = ? AND r.tbl = k.tbl AND r.row_id = k.row_id")) {
            st.setArray(1, c.createArrayOf("text", tables));
            st.setArray(2, c.createArrayOf("text", rowIds));
            st.setObject(3, space);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var key = new RowKey(rs.getString(1), rs.getString(2));
                    out.put(key, RowState.decode(key.table(), key.rowId(), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw PgFailures.failure("row state lookup", e);
        }
        return out;
    }

    @Override
    public void append(List<AppendedOp> appended) {
        try (var st = c.prepareStatement("INSERT INTO ops (space_id, seq, op_id, tbl, row_id, kind, hlc, device_id, "
                + "schema_version, base_version, fields, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (var a : appended) {
                var op = a.op().op();
                st.setObject(1, space);
                st.setLong(2, a.seq());
                st.setObject(3, op.opId());
                st.setString(4, op.table());
                st.setString(5, op.rowId());
                st.setString(6, op.kind() == OpKind.UPSERT ? "upsert" : "delete");
                st.setString(7, op.hlc().encode());
                st.setObject(8, op.deviceId());
                st.setInt(9, op.schemaVersion());
                var base = op.baseVersion();
                if (base == null) {
                    st.setNull(10, Types.BIGINT);
                } else {
                    st.setLong(10, base);
                }
                st.setString(11, a.op().fieldsJson());
                st.setBytes(12, a.op().contentHash());
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw PgFailures.failure("append", e);
        }
    }

    @Override
    public void recordSuperseded(List<EncodedOp> superseded) {
        try (var st = c.prepareStatement(
                "INSERT INTO superseded_ops (space_id, op_id, content_hash) VALUES (?, ?, ?)")) {
            for (var op : superseded) {
                st.setObject(1, space);
                st.setObject(2, op.op().opId());
                st.setBytes(3, op.contentHash());
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw PgFailures.failure("recording superseded ops", e);
        }
    }

    @Override
    public void saveRows(Collection<RowState> rows) {
        try (var st = c.prepareStatement("INSERT INTO row_state (space_id, tbl, row_id, tombstone, fields) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (space_id, tbl, row_id) "
                + "DO UPDATE SET tombstone = excluded.tombstone, fields = excluded.fields")) {
            for (var row : rows) {
                st.setObject(1, space);
                st.setString(2, row.table());
                st.setString(3, row.rowId());
                st.setString(4, row.tombstone());
                st.setString(5, row.encodeFields());
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw PgFailures.failure("saving row state", e);
        }
    }

    /** Remembers the pushing device's new clock; {@link #finish()} writes it. */
    @Override
    public void saveDeviceMaxHlc(UUID device, Hlc maxHlc) {
        if (!device.equals(deviceId)) {
            throw new IllegalArgumentException("a push saves the clock of its own device only");
        }
        newMaxHlc = maxHlc;
    }

    /** Remembers the new head; {@link #finish()} writes it. */
    @Override
    public void saveHead(long head) {
        newHead = head;
    }
}
