package dev.synckit.server.internal.store;

import java.util.Objects;

/**
 * A row of a space: its table and its row id (the space is the push's).
 *
 * @param table the table
 * @param rowId the row id
 */
public record RowKey(String table, String rowId) {

    /** Checks the components. */
    public RowKey {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rowId, "rowId");
    }
}
