package dev.synckit.server.internal.store;

import org.jspecify.annotations.Nullable;

/**
 * What a space already knows about an op id: its sequence number if it is in the log (null if it was superseded)
 * and the hash of its content, to tell an idempotent retry from a reused id.
 *
 * @param seq the op's seq, or null for an op that was superseded and never appended
 * @param contentHash the SHA-256 of the op's canonical content, see {@link OpCodec}
 */
public record KnownOp(@Nullable Long seq, byte[] contentHash) {
}
