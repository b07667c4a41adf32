package dev.synckit.protocol;

import java.util.Objects;

/**
 * Stores the caller's wrapped-key blob ({@code PUT /v1/keys}) if its stored version is still the expected one.
 *
 * @param blob the opaque blob, non-empty; the server also caps its size ({@link #MAX_BLOB_BYTES})
 * @param expectedVersion the version the writer last read, {@code 0} to create a blob only if the user has none
 * @since 0.1
 */
public record PutKeyBlobRequest(String blob, Long expectedVersion) {

    /** The largest blob, in UTF-8 bytes, the server stores. */
    public static final int MAX_BLOB_BYTES = 16 * 1024;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the blob is empty or the expected version negative
     */
    public PutKeyBlobRequest {
        Objects.requireNonNull(blob, "blob is required");
        Objects.requireNonNull(expectedVersion, "expected_version is required");
        if (blob.isEmpty()) {
            throw new IllegalArgumentException("blob must not be empty");
        }
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected_version must be 0 (create) or a stored version");
        }
    }
}
