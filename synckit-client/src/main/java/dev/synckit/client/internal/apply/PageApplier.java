package dev.synckit.client.internal.apply;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.RowClock;
import dev.synckit.client.internal.store.RowClocks;
import dev.synckit.client.internal.store.Sql;
import dev.synckit.client.internal.store.Stamper;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.PullPage;

/**
 * Applies one pulled page to the local database, in one transaction, with field-level last-writer-wins
 * (DESIGN §4; the rule itself is in {@link RowState}).
 *
 * <p>Per page, atomically: suppress the capture triggers, stamp pending local writes (so they merge with the clock
 * of the moment they were made), merge the page's ops row by row in sequence order, write upserts parents first and
 * deletes children first, advance the device clock past every clock seen, re-enable capture, and save the cursor.
 * A failure anywhere rolls all of it back: no partial page, the old cursor. Ops written by this device and ops for
 * tables this schema does not sync are skipped; fields outside a table's whitelist are never written.
 *
 * <p>Performance: per table and page, one query reads the clocks and one the existing rows; each row is written
 * once, in batches per statement.
 */
public final class PageApplier {

    private final SyncSchema schema;
    private final UUID deviceId;
    private final Stamper stamper;

    /**
     * Creates the applier.
     *
     * @param schema the synced tables
     * @param deviceId this device, whose own ops are skipped and whose pending writes are stamped
     */
    public PageApplier(SyncSchema schema, UUID deviceId) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.stamper = new Stamper(deviceId);
    }

    /**
     * The outcome of one page.
     *
     * @param received ops in the page
     * @param applied ops that changed the local database
     * @param cursor the saved cursor
     * @param stampedUpTo the highest changelog id known to be stamped
     * @param changes the rows the page changed per table (parents first), with the columns written: what the
     *                merge actually changed, not what the ops carried
     */
    public record Applied(int received, int applied, long cursor, long stampedUpTo,
                          Map<String, List<SyncEvent.RowChange>> changes) {

        /** Copies the changes. */
        public Applied {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }

    /** What {@link #merge} did. */
    private record Merged(int applied, Map<String, List<SyncEvent.RowChange>> changes) {
    }

    /**
     * Applies a page in one transaction.
     *
     * @param db the engine's database
     * @param page the page
     * @param stampedUpTo every changelog entry up to this id is known to be stamped
     * @return what happened
     * @throws dev.synckit.client.LocalStoreException if the database rejects a write; nothing of the page remains
     */
    public Applied apply(Database db, PullPage page, long stampedUpTo) {
        return db.inTransaction(c -> {
            // Echo suppression: the capture triggers do nothing while applying_remote = '1'. It is set and cleared
            // inside this transaction only, so the app's connections never see it set and a crash rolls it back.
            SyncState.put(c, SyncState.APPLYING_REMOTE, "1");
            var stamped = stamper.stampPending(c, stampedUpTo);
            var clock = stamped.clock();
            var byTable = new HashMap<String, List<Op>>();
            for (var sequenced : page.ops()) {
                var op = sequenced.op();
                clock = clock.max(op.hlc());
                if (!op.deviceId().equals(deviceId) && schema.table(op.table()).isPresent()) {
                    byTable.computeIfAbsent(op.table(), t -> new ArrayList<>()).add(op);
                }
            }
            var merged = byTable.isEmpty() ? new Merged(0, Map.of()) : merge(c, byTable);
            SyncState.put(c, SyncState.HLC_LAST, clock.encode());
            SyncState.put(c, SyncState.APPLYING_REMOTE, "0");
            SyncState.put(c, SyncState.PULL_CURSOR, Long.toString(page.nextCursor()));
            return new Applied(page.ops().size(), merged.applied(), page.nextCursor(), stamped.lastId(),
                    merged.changes());
        });
    }

    private Merged merge(Connection c, Map<String, List<Op>> byTable) throws SQLException {
        // The engine's connection runs with foreign_keys=OFF (see Database), so a child whose parent comes in a
        // later page does not fail; deferring is for connections that enforce them. The write order below keeps
        // the result FK-consistent whenever the page itself is.
        Sql.execute(c, "PRAGMA defer_foreign_keys = ON");
        var order = schema.tablesInDependencyOrder();
        var rows = new LinkedHashMap<TableSpec, Map<String, RowState>>();
        int applied = 0;
        try (var clocks = new RowClocks(c); var writer = new RowWriter(c)) {
            for (var t : order) {
                var ops = byTable.get(t.name());
                if (ops == null) {
                    continue;
                }
                var states = load(clocks, writer, t, ops);
                for (var op : ops) {
                    var row = states.get(op.rowId());
                    applied += (op.kind() == OpKind.UPSERT ? row.upsert(t, op) : row.delete(op)) ? 1 : 0;
                }
                rows.put(t, states);
            }
            for (var e : rows.entrySet()) {
                writeUpserts(writer, e.getKey(), e.getValue().values());
            }
            for (var t : order.reversed()) {
                for (var row : rows.getOrDefault(t, Map.of()).values()) {
                    if (row.deleteFirst && !row.exists) {
                        writer.delete(t, row.rowId);
                    }
                }
                writer.flush();
            }
            for (var e : rows.entrySet()) {
                var changed = new LinkedHashMap<String, RowClock>();
                e.getValue().values().stream().filter(r -> r.clockChanged).forEach(r -> changed.put(r.rowId, r.clock));
                clocks.saveAll(e.getKey().name(), changed);
            }
        }
        return new Merged(applied, changes(rows));
    }

    /** The rows whose table row was written or removed, with the columns written. */
    private static Map<String, List<SyncEvent.RowChange>> changes(Map<TableSpec, Map<String, RowState>> rows) {
        var out = new LinkedHashMap<String, List<SyncEvent.RowChange>>();
        for (var e : rows.entrySet()) {
            var changed = new ArrayList<SyncEvent.RowChange>();
            for (var row : e.getValue().values()) {
                if (row.needsInsert() || row.needsUpdate()) {
                    changed.add(new SyncEvent.RowChange(row.rowId, false, row.values.keySet()));
                } else if (row.existedBefore && !row.exists) {
                    changed.add(new SyncEvent.RowChange(row.rowId, true, Set.of()));
                }
            }
            if (!changed.isEmpty()) {
                out.put(e.getKey().name(), changed);
            }
        }
        return out;
    }

    private static Map<String, RowState> load(RowClocks clocks, RowWriter writer, TableSpec t, List<Op> ops)
            throws SQLException {
        var ids = new LinkedHashSet<String>();
        ops.forEach(op -> ids.add(op.rowId()));
        var known = clocks.findAll(t.name(), ids);
        var existing = writer.existing(t, ids);
        var states = new LinkedHashMap<String, RowState>();
        for (var id : ids) {
            states.put(id, new RowState(id, existing.contains(id), known.getOrDefault(id, RowClock.NONE)));
        }
        return states;
    }

    private static void writeUpserts(RowWriter writer, TableSpec t, Iterable<RowState> rows) throws SQLException {
        for (var row : rows) {
            if (row.deleteFirst && row.exists) {
                writer.delete(t, row.rowId); // deleted, then re-created by a newer write in the same page
            }
        }
        writer.flush();
        for (var row : rows) {
            if (row.needsInsert()) {
                writer.insert(t, row);
            } else if (row.needsUpdate()) {
                writer.update(t, row);
            }
        }
        writer.flush();
    }
}
