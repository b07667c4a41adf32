package dev.synckit.client.internal.transport;

import java.util.List;
import java.util.UUID;

/**
 * An encoded push request ({@code PushRequest} on the wire), as {@link PushBodyWriter} wrote it or as
 * {@link SealingTransport} sealed it: the JSON bytes, sent as they are, and the op ids in request order, to match the
 * server's results against.
 *
 * @param json the request body; owned by this record, never modified
 * @param opIds the ops' ids, in request order
 * @param sealed whether the ops in {@code json} are sealed for an end-to-end encrypted space
 */
public record PushBody(byte[] json, List<UUID> opIds, boolean sealed) {

    /** Freezes the op ids. */
    public PushBody {
        opIds = List.copyOf(opIds);
    }

    /**
     * A body of plaintext ops.
     *
     * @param json the request body
     * @param opIds the ops' ids, in request order
     */
    public PushBody(byte[] json, List<UUID> opIds) {
        this(json, opIds, false);
    }

    /** {@return the number of ops} */
    public int size() {
        return opIds.size();
    }
}
