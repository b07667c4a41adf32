package dev.synckit.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An API key as {@link Admin#listApiKeys(String)} shows it: never the secret, which is only stored as a hash.
 *
 * @param keyId the key's public id, for example {@code key_3f9a0c12d4e5}; used to revoke it
 * @param userName the user the key acts for
 * @param createdAt when the key was created
 * @param revokedAt when the key was revoked, or empty while it is active
 * @since 0.1
 */
public record ApiKeyInfo(String keyId, String userName, Instant createdAt, Optional<Instant> revokedAt) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     */
    public ApiKeyInfo {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** Returns whether the key still authenticates requests. */
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
