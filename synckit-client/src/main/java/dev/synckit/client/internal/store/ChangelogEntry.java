package dev.synckit.client.internal.store;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code sync_changelog}: a local write captured by a trigger or the snapshot.
 *
 * @param id the entry's id; entries are stamped and pushed in id order
 * @param table the app table
 * @param op {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param rowId the row's primary key as text
 * @param timestamp when the write happened (epoch ms, from SQLite's clock)
 * @param data the captured columns as a JSON object; null for a delete
 * @param opId the op id once stamped
 * @param hlc the encoded clock once stamped
 */
public record ChangelogEntry(long id, String table, String op, String rowId, long timestamp, @Nullable String data,
                             @Nullable String opId, @Nullable String hlc) {

    /** {@return whether the entry records a deleted row} */
    public boolean isDelete() {
        return "DELETE".equals(op);
    }
}
