package dev.synckit.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an {@link Op} does to its row.
 *
 * @since 0.1
 */
public enum OpKind {
    /** Sets the op's fields on the row, creating the row if it does not exist. */
    @JsonProperty("upsert")
    UPSERT,
    /** Deletes the row: a tombstone that beats every write with a lower clock. */
    @JsonProperty("delete")
    DELETE
}
