package dev.synckit.client.internal.apply;

import java.util.LinkedHashMap;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.TableSpec;
import dev.synckit.client.internal.store.RowClock;
import dev.synckit.client.internal.transport.RemoteOp;

/**
 * One row while a page is applied: its clocks and what must be written, so that all ops of a page for the row
 * merge in memory, in sequence order, and the row is written once.
 *
 * <p>The merge rule (DESIGN §4) lives here: a field takes a remote value only if the op's clock key is greater than
 * the field's clock and than the row's tombstone; a delete removes the row unless a field is newer, and always
 * records its tombstone.
 */
final class RowState {

    final String rowId;
    /** Whether the row existed before this page. */
    final boolean existedBefore;
    /** Whether the row exists after the ops merged so far. */
    boolean exists;
    /** Whether the row that existed before this page must be deleted (and, if it exists again, re-inserted). */
    boolean deleteFirst;
    RowClock clock;
    boolean clockChanged;
    /** Columns to write, with their winning values (bound by {@link SqlValues}). */
    final LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>();

    RowState(String rowId, boolean existedBefore, RowClock clock) {
        this.rowId = rowId;
        this.existedBefore = existedBefore;
        this.exists = existedBefore;
        this.clock = clock;
    }

    /**
     * Merges a remote upsert.
     *
     * @param projection where the op's fields sit, for the table's synced columns
     * @return whether a field won
     */
    boolean upsert(TableSpec t, RemoteOp op, Projection projection) {
        var key = op.clockKey();
        if (clock.deletedAfter(key)) {
            return false;
        }
        var won = new LinkedHashMap<String, @Nullable Object>();
        var columns = t.columns();
        for (int i = 0; i < columns.size(); i++) {
            int at = projection.fieldIndex[i];
            if (at >= 0 && key.compareTo(clock.clockOf(columns.get(i))) > 0) {
                won.put(columns.get(i), op.values()[at]);
            }
        }
        if (won.isEmpty()) {
            return false;
        }
        values.putAll(won);
        clock = clock.withWrite(won.keySet(), key, t.columns());
        clockChanged = true;
        exists = true;
        return true;
    }

    /**
     * Merges a remote delete.
     *
     * @return whether the row was removed
     */
    boolean delete(RemoteOp op) {
        var key = op.clockKey();
        if (clock.deletedAfter(key)) {
            return false;
        }
        clockChanged = true;
        if (clock.newestField().compareTo(key) > 0) {
            // A field was written after the delete: the row stays (a later write re-creates a deleted row).
            clock = clock.withTombstone(key);
            return false;
        }
        clock = clock.removed(key);
        boolean removed = exists;
        exists = false;
        values.clear();
        deleteFirst = existedBefore;
        return removed;
    }

    /** {@return whether the row must be inserted (it did not exist, or was deleted first)} */
    boolean needsInsert() {
        return exists && !values.isEmpty() && (!existedBefore || deleteFirst);
    }

    /** {@return whether the existing row must be updated in place} */
    boolean needsUpdate() {
        return exists && !values.isEmpty() && existedBefore && !deleteFirst;
    }
}
