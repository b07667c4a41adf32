package dev.synckit.client.internal.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The merge clocks of one row (DESIGN §4): a field's clock is {@code columns[col]}, or {@code base} when the
 * column has no entry of its own; {@code tombstone} is the clock of the newest delete. Clocks are
 * {@code Op.clockKey()} strings ({@code hlc@device}), compared as strings; the empty string is older than every
 * write.
 *
 * <p>Compact by construction: a write of every synced column resets {@code base} and drops the per-column entries.
 *
 * @param base the clock of every column without an entry of its own
 * @param columns per-column clocks that differ from {@code base}
 * @param tombstone the clock of the newest delete of the row, or null
 */
public record RowClock(String base, Map<String, String> columns, @Nullable String tombstone) {

    /** A row no write has touched yet. */
    public static final RowClock NONE = new RowClock("", Map.of(), null);

    /** Freezes the components. */
    public RowClock {
        Objects.requireNonNull(base, "base");
        columns = Map.copyOf(columns);
    }

    /**
     * Returns the clock of one column.
     *
     * @param column the column
     * @return its clock
     */
    public String clockOf(String column) {
        return columns.getOrDefault(column, base);
    }

    /** {@return the newest clock of any field} */
    public String newestField() {
        var newest = base;
        for (var c : columns.values()) {
            if (c.compareTo(newest) > 0) {
                newest = c;
            }
        }
        return newest;
    }

    /**
     * Returns whether a write with clock {@code key} is older than (or as old as) the row's newest delete.
     *
     * @param key the write's clock
     * @return true if the tombstone wins
     */
    public boolean deletedAfter(String key) {
        return tombstone != null && key.compareTo(tombstone) <= 0;
    }

    /**
     * Returns the clocks after a write with {@code key} set {@code written} columns.
     *
     * @param written the columns written
     * @param key the write's clock
     * @param allColumns every synced column of the table
     * @return the new clocks
     */
    public RowClock withWrite(Collection<String> written, String key, List<String> allColumns) {
        if (written.containsAll(allColumns)) {
            return new RowClock(key, Map.of(), tombstone);
        }
        var copy = new HashMap<>(columns);
        written.forEach(c -> copy.put(c, key));
        return new RowClock(base, copy, tombstone);
    }

    /**
     * Returns the clocks after a delete with {@code key} that removed the row: no field survives, only the
     * tombstone.
     *
     * @param key the delete's clock
     * @return the new clocks
     */
    public RowClock removed(String key) {
        return new RowClock("", Map.of(), key);
    }

    /**
     * Returns the clocks after a delete with {@code key} that kept the row because a field is newer.
     *
     * @param key the delete's clock
     * @return the new clocks
     */
    public RowClock withTombstone(String key) {
        return new RowClock(base, columns, key);
    }

    /**
     * Returns the clocks with every occurrence of one clock replaced by another (a re-stamped local write).
     *
     * @param from the old clock
     * @param to the new clock
     * @return the new clocks
     */
    public RowClock replace(String from, String to) {
        var copy = new HashMap<String, String>();
        columns.forEach((c, k) -> copy.put(c, k.equals(from) ? to : k));
        return new RowClock(base.equals(from) ? to : base, copy, from.equals(tombstone) ? to : tombstone);
    }
}
