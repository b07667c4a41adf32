package dev.synckit.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * The caller's wrapped-key blob ({@code GET /v1/keys}): text the server stores and returns without reading it
 * (the client's wrapped master key, see {@code docs/ENCRYPTION.md}).
 *
 * @param blob the opaque blob, non-empty
 * @param version the blob's version, {@code >= 1}; every successful {@code PUT /v1/keys} adds one
 * @param updatedAt when the blob was last written
 * @since 0.1
 */
public record KeyBlob(String blob, long version, Instant updatedAt) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the blob is empty or the version below 1
     */
    public KeyBlob {
        Objects.requireNonNull(blob, "blob is required");
        Objects.requireNonNull(updatedAt, "updated_at is required");
        if (blob.isEmpty()) {
            throw new IllegalArgumentException("blob must not be empty");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }
}
