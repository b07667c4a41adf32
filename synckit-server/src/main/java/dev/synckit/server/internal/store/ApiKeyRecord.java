package dev.synckit.server.internal.store;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An API key row as the store keeps it (the secret's hash is never read back).
 *
 * @param keyId the key's public id
 * @param userName the user the key acts for
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or null while active
 */
public record ApiKeyRecord(String keyId, String userName, Instant createdAt, @Nullable Instant revokedAt) {

    /** Validates the components. */
    public ApiKeyRecord {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
