package dev.synckit.protocol;

/**
 * The version of the key blob after a successful {@code PUT /v1/keys}.
 *
 * @param version the new version, {@code >= 1}
 * @since 0.1
 */
public record KeyBlobVersion(long version) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the version is below 1
     */
    public KeyBlobVersion {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }
}
