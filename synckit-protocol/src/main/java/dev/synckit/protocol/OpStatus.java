package dev.synckit.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the server did with one pushed op (DESIGN §4, upload response).
 *
 * @since 0.1
 */
public enum OpStatus {
    /** Appended to the space's log with a new sequence number. */
    @JsonProperty("applied")
    APPLIED,
    /** The same {@code op_id} with the same content was accepted before: an idempotent retry, nothing changed. */
    @JsonProperty("duplicate")
    DUPLICATE,
    /** Every field of the op had already been overwritten by a newer write; informational, nothing to do. */
    @JsonProperty("superseded")
    SUPERSEDED,
    /** Not accepted; {@link OpResult#reason()} says why. */
    @JsonProperty("rejected")
    REJECTED
}
