package dev.synckit.server.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
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
 * {@link PushTransaction} on the writer connection, inside a {@code BEGIN IMMEDIATE} transaction that
 * {@link SqliteStore} opens and commits. Lookups of op ids and of row states are chunked {@code IN} queries; writes
 * are JDBC batches. One per push: it remembers which rows it looked up.
 */
final class SqlitePushTransaction implements PushTransaction {

    private static final int IN_CHUNK = 500;

    /** The rowid of a row that has no stored state yet (SQLite's own rowids are positive). */
    private static final long NOT_STORED = Long.MIN_VALUE;

    /** A row looked up: its {@link RowKeys key}, and its rowid or {@link #NOT_STORED}. */
    private record Lookup(long rowKey, long rowid) {
    }

    private final Connection c;
    private final String space;
    /** Every row looked up and not saved since. */
    private final Map<RowKey, Lookup> lookedUp = new HashMap<>();

    SqlitePushTransaction(Connection c, UUID spaceId) {
        this.c = c;
        this.space = spaceId.toString();
    }

    @Override
    public boolean deviceBelongsTo(UUID deviceId, UUID userId) {
        try (var st = c.prepareStatement("SELECT 1 FROM devices WHERE device_id = ? AND user_id = ?")) {
            st.setString(1, deviceId.toString());
            st.setString(2, userId.toString());
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw SqliteSetup.failure("device lookup", e);
        }
    }

    @Override
    public boolean accountEncrypted(UUID userId) {
        try (var st = c.prepareStatement("SELECT 1 FROM key_blobs WHERE user_id = ?")) {
            st.setString(1, userId.toString());
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw SqliteSetup.failure("key blob lookup", e);
        }
    }

    @Override
    public long head() {
        try (var st = c.prepareStatement("SELECT head_seq FROM spaces WHERE space_id = ?")) {
            st.setString(1, space);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("space " + space + " vanished during a push", null, false);
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw SqliteSetup.failure("head lookup", e);
        }
    }

    @Override
    public Map<UUID, KnownOp> knownOps(Collection<UUID> opIds) {
        var ids = opIds.stream().map(UUID::toString).distinct().toList();
        var out = new HashMap<UUID, KnownOp>();
        try {
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
                var chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
                String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
                // INDEXED BY: without statistics SQLite prefers the primary key's space_id prefix for an IN list,
                // which scans the whole space's log.
                collect(out, "SELECT op_id, seq, content_hash FROM ops INDEXED BY ops_by_op_id "
                        + "WHERE space_id = ? AND op_id IN (" + marks + ")", chunk);
                collect(out, "SELECT op_id, NULL, content_hash FROM superseded_ops WHERE space_id = ? AND op_id IN ("
                        + marks + ")", chunk);
            }
        } catch (SQLException e) {
            throw SqliteSetup.failure("op id lookup", e);
        }
        return out;
    }

    private void collect(Map<UUID, KnownOp> out, String sql, List<String> ids) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            st.setString(1, space);
            for (int i = 0; i < ids.size(); i++) {
                st.setString(i + 2, ids.get(i));
            }
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(2);
                    Long logged = rs.wasNull() ? null : seq; // before any other getter: wasNull() is about the last
                    out.put(UUID.fromString(rs.getString(1)), new KnownOp(logged, rs.getBytes(3)));
                }
            }
        }
    }

    @Override
    public @Nullable Hlc deviceMaxHlc(UUID deviceId) {
        try (var st = c.prepareStatement("SELECT max_hlc FROM device_clocks WHERE space_id = ? AND device_id = ?")) {
            st.setString(1, space);
            st.setString(2, deviceId.toString());
            try (var rs = st.executeQuery()) {
                return rs.next() ? Hlc.parse(rs.getString(1)) : null;
            }
        } catch (SQLException e) {
            throw SqliteSetup.failure("device clock lookup", e);
        }
    }

    /**
     * In chunks of {@value #IN_CHUNK} rows, by {@link RowKeys key} (one statement per row costs several times more);
     * the names of every row found are compared, since two rows may share a key. Remembers where each row found is
     * stored, for {@link #saveRows}.
     */
    @Override
    public Map<RowKey, RowState> rows(Collection<RowKey> keys) {
        var requested = new HashMap<Long, List<RowKey>>(keys.size() * 2);
        for (var key : keys) {
            long rowKey = RowKeys.of(space, key.table(), key.rowId());
            requested.computeIfAbsent(rowKey, k -> new ArrayList<>(1)).add(key);
            lookedUp.put(key, new Lookup(rowKey, NOT_STORED));
        }
        var out = new HashMap<RowKey, RowState>(keys.size() * 2);
        var rowKeys = List.copyOf(requested.keySet());
        try {
            for (int from = 0; from < rowKeys.size(); from += IN_CHUNK) {
                loadRows(rowKeys.subList(from, Math.min(rowKeys.size(), from + IN_CHUNK)), requested, out);
            }
        } catch (SQLException e) {
            throw SqliteSetup.failure("row state lookup", e);
        }
        return out;
    }

    private void loadRows(List<Long> rowKeys, Map<Long, List<RowKey>> requested, Map<RowKey, RowState> out)
            throws SQLException {
        try (var st = c.prepareStatement("SELECT rowid, row_key, tbl, row_id, tombstone, fields FROM row_state "
                + "INDEXED BY row_state_by_key WHERE row_key IN ("
                + String.join(",", Collections.nCopies(rowKeys.size(), "?")) + ") AND space_id = ?")) {
            for (int i = 0; i < rowKeys.size(); i++) {
                st.setLong(i + 1, rowKeys.get(i));
            }
            st.setString(rowKeys.size() + 1, space);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var key = new RowKey(rs.getString(3), rs.getString(4));
                    long rowKey = rs.getLong(2);
                    if (requested.getOrDefault(rowKey, List.of()).contains(key)) {
                        lookedUp.put(key, new Lookup(rowKey, rs.getLong(1)));
                        out.put(key, RowState.decode(key.table(), key.rowId(), rs.getString(5), rs.getString(6)));
                    }
                }
            }
        }
    }

    @Override
    public void append(List<AppendedOp> ops) {
        try (var st = c.prepareStatement("INSERT INTO ops (space_id, seq, op_id, tbl, row_id, kind, hlc, device_id, "
                + "schema_version, base_version, fields, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (var appended : ops) {
                var op = appended.op().op();
                st.setString(1, space);
                st.setLong(2, appended.seq());
                st.setString(3, op.opId().toString());
                st.setString(4, op.table());
                st.setString(5, op.rowId());
                st.setString(6, op.kind() == OpKind.UPSERT ? "upsert" : "delete");
                st.setString(7, op.hlc().encode());
                st.setString(8, op.deviceId().toString());
                st.setInt(9, op.schemaVersion());
                var base = op.baseVersion();
                if (base == null) {
                    st.setNull(10, Types.INTEGER);
                } else {
                    st.setLong(10, base);
                }
                st.setString(11, appended.op().fieldsJson());
                st.setBytes(12, appended.op().contentHash());
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw SqliteSetup.failure("append", e);
        }
    }

    @Override
    public void recordSuperseded(List<EncodedOp> ops) {
        try (var st = c.prepareStatement(
                "INSERT INTO superseded_ops (space_id, op_id, content_hash) VALUES (?, ?, ?)")) {
            for (var op : ops) {
                st.setString(1, space);
                st.setString(2, op.op().opId().toString());
                st.setBytes(3, op.contentHash());
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw SqliteSetup.failure("recording superseded ops", e);
        }
    }

    /**
     * Updates the rows {@link #rows} found in place and inserts the others.
     *
     * @throws IllegalStateException for a row this transaction did not look up first: without the lookup it cannot
     *                               tell an insert from an update, and the table has no unique key to catch it
     */
    @Override
    public void saveRows(Collection<RowState> rows) {
        try (var update = c.prepareStatement("UPDATE row_state SET tombstone = ?, fields = ? WHERE rowid = ?");
             var insert = c.prepareStatement("INSERT INTO row_state (space_id, tbl, row_id, tombstone, fields, "
                     + "row_key) VALUES (?, ?, ?, ?, ?, ?)")) {
            boolean updates = false;
            boolean inserts = false;
            for (var row : rows) {
                var lookup = lookedUp.remove(new RowKey(row.table(), row.rowId()));
                if (lookup == null) {
                    throw new IllegalStateException("a row state was saved without being looked up first");
                }
                if (lookup.rowid() == NOT_STORED) {
                    insert.setString(1, space);
                    insert.setString(2, row.table());
                    insert.setString(3, row.rowId());
                    insert.setString(4, row.tombstone());
                    insert.setString(5, row.encodeFields());
                    insert.setLong(6, lookup.rowKey());
                    insert.addBatch();
                    inserts = true;
                } else {
                    update.setString(1, row.tombstone());
                    update.setString(2, row.encodeFields());
                    update.setLong(3, lookup.rowid());
                    update.addBatch();
                    updates = true;
                }
            }
            if (updates) {
                update.executeBatch();
            }
            if (inserts) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw SqliteSetup.failure("saving row state", e);
        }
    }

    @Override
    public void saveDeviceMaxHlc(UUID deviceId, Hlc maxHlc) {
        try (var st = c.prepareStatement("INSERT INTO device_clocks (space_id, device_id, max_hlc) VALUES (?, ?, ?) "
                + "ON CONFLICT (space_id, device_id) DO UPDATE SET max_hlc = excluded.max_hlc")) {
            st.setString(1, space);
            st.setString(2, deviceId.toString());
            st.setString(3, maxHlc.encode());
            st.executeUpdate();
        } catch (SQLException e) {
            throw SqliteSetup.failure("saving the device clock", e);
        }
    }

    @Override
    public void saveHead(long head) {
        try (var st = c.prepareStatement("UPDATE spaces SET head_seq = ? WHERE space_id = ?")) {
            st.setLong(1, head);
            st.setString(2, space);
            st.executeUpdate();
        } catch (SQLException e) {
            throw SqliteSetup.failure("moving the head", e);
        }
    }
}
