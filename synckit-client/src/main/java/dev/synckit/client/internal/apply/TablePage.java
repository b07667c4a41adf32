package dev.synckit.client.internal.apply;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.SyncEvent;
import dev.synckit.client.TableSpec;
import dev.synckit.client.internal.store.RowClock;
import dev.synckit.client.internal.store.RowClocks;
import dev.synckit.client.internal.transport.RemoteOp;

/**
 * The ops of one page for one table, grouped by row in the order rows first appear, and how they are applied.
 *
 * <p>Two paths with one outcome. A row that has no clocks on this device and only one op in the page, an upsert,
 * takes the fast path ({@link #claimNewRows}): nothing local can be newer than any of its fields, so every field
 * of the op wins; its clocks are inserted unless clocks exist ({@code ON CONFLICT DO NOTHING}, whose per-row result
 * says which rows really were new) and the row is written with one upsert, without reading clocks or rows first.
 * Every other row (several ops in the page, a delete, clocks already present) is merged in memory by
 * {@link RowState} after its clocks and existence were read in bulk. Both paths give the same rows, clocks and
 * change events (a test compares them).
 */
final class TablePage {

    /** One row of the page: its ops in sequence order, and which path applies it. */
    private static final class Row {
        final String id;
        final List<RemoteOp> ops = new ArrayList<>(1);
        boolean fresh;
        @Nullable RowState state;

        Row(String id) {
            this.id = id;
        }
    }

    final TableSpec table;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String[], Projection> projections = new IdentityHashMap<>();

    TablePage(TableSpec table, List<RemoteOp> ops) {
        this.table = table;
        for (var op : ops) {
            rows.computeIfAbsent(op.rowId(), Row::new).ops.add(op);
        }
    }

    /** The op's projection onto this table; ops sharing a field-name array share it. */
    Projection projection(RemoteOp op) {
        return projections.computeIfAbsent(op.columns(), fields -> Projection.of(table, fields));
    }

    /**
     * Applies the fast path to rows new to this device: inserts their clocks where none exist and marks them.
     *
     * @return how many rows the fast path took (each applied its op)
     */
    int claimNewRows(RowClocks clocks, RowWriter writer) throws SQLException {
        var candidates = new ArrayList<Row>();
        var ids = new ArrayList<String>();
        var bases = new ArrayList<String>();
        var columnClocks = new ArrayList<@Nullable String>();
        for (var row : rows.values()) {
            if (row.ops.size() != 1 || row.ops.getFirst().delete()) {
                continue;
            }
            var op = row.ops.getFirst();
            var p = projection(op);
            if (p.written.isEmpty() || !writer.canUpsert(p)) {
                continue;
            }
            candidates.add(row);
            ids.add(row.id);
            // The clocks RowState would give a row without any after this op: a full write collapses into the base.
            bases.add(p.full ? op.clockKey() : "");
            columnClocks.add(p.full ? null : RowClocks.columnClocks(p.written, op.clockKey()));
        }
        var inserted = clocks.insertIfAbsent(table.name(), ids, bases, columnClocks);
        int claimed = 0;
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i]) {
                candidates.get(i).fresh = true;
                claimed++;
            }
        }
        return claimed;
    }

    /**
     * Merges every row the fast path did not take, after reading their clocks and existence in bulk.
     *
     * @return how many ops changed the local database
     */
    int mergeOthers(RowClocks clocks, RowWriter writer) throws SQLException {
        var ids = new ArrayList<String>();
        for (var row : rows.values()) {
            if (!row.fresh) {
                ids.add(row.id);
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        var known = clocks.findAll(table.name(), ids);
        var existing = writer.existing(table, ids);
        int applied = 0;
        for (var id : ids) {
            var row = rows.get(id);
            var state = new RowState(id, existing.contains(id), known.getOrDefault(id, RowClock.NONE));
            for (var op : row.ops) {
                applied += (op.delete() ? state.delete(op) : state.upsert(table, op, projection(op))) ? 1 : 0;
            }
            row.state = state;
        }
        return applied;
    }

    /** Queues and runs the upserts: rows deleted and re-created first, then inserts and updates. */
    void writeUpserts(RowWriter writer) throws SQLException {
        for (var row : rows.values()) {
            if (row.state != null && row.state.deleteFirst && row.state.exists) {
                writer.delete(table, row.id); // deleted, then re-created by a newer write in the same page
            }
        }
        writer.flush();
        for (var row : rows.values()) {
            if (row.fresh) {
                var op = row.ops.getFirst();
                writer.upsert(projection(op), row.id, op.values());
            } else if (row.state != null && row.state.needsInsert()) {
                writer.insert(table, row.state);
            } else if (row.state != null && row.state.needsUpdate()) {
                writer.update(table, row.state);
            }
        }
        writer.flush();
    }

    /** Queues and runs the deletes of rows the page removed. */
    void writeDeletes(RowWriter writer) throws SQLException {
        for (var row : rows.values()) {
            if (row.state != null && row.state.deleteFirst && !row.state.exists) {
                writer.delete(table, row.id);
            }
        }
        writer.flush();
    }

    /** {@return the clocks the merge changed (the fast path wrote its own already)} */
    Map<String, RowClock> changedClocks() {
        var changed = new LinkedHashMap<String, RowClock>();
        for (var row : rows.values()) {
            if (row.state != null && row.state.clockChanged) {
                changed.put(row.id, row.state.clock);
            }
        }
        return changed;
    }

    /** {@return the rows whose table row was written or removed, with the columns written, in page order} */
    List<SyncEvent.RowChange> changes() {
        var out = new ArrayList<SyncEvent.RowChange>();
        for (var row : rows.values()) {
            var state = row.state;
            if (row.fresh) {
                out.add(new SyncEvent.RowChange(row.id, false, projection(row.ops.getFirst()).writtenSet));
            } else if (state != null && (state.needsInsert() || state.needsUpdate())) {
                out.add(new SyncEvent.RowChange(row.id, false, state.values.keySet()));
            } else if (state != null && state.existedBefore && !state.exists) {
                out.add(new SyncEvent.RowChange(row.id, true, Set.of()));
            }
        }
        return out;
    }
}
