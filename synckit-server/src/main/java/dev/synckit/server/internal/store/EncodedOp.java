package dev.synckit.server.internal.store;

import java.util.Objects;

import dev.synckit.protocol.Op;

/**
 * A pushed op with the encodings a store needs, computed once on the request thread (not on the store's writer):
 * the canonical JSON of its fields (what the log stores and what {@code maxOpBytes} limits) and the hash of its
 * content (what tells an idempotent retry from a reused op id).
 *
 * @param op the op as pushed
 * @param fieldsJson the canonical JSON of {@link Op#fields()}
 * @param fieldsBytes the size of {@code fieldsJson} in UTF-8 bytes
 * @param contentHash the SHA-256 of the op's canonical content
 */
public record EncodedOp(Op op, String fieldsJson, int fieldsBytes, byte[] contentHash) {

    /** Validates the components. */
    public EncodedOp {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(fieldsJson, "fieldsJson");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
