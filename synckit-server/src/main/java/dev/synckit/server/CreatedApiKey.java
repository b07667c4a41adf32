package dev.synckit.server;

import java.util.Objects;

/**
 * A newly created API key, returned once by {@link Admin#createApiKey(String)}.
 *
 * <p>The {@link #secret()} is the bearer token clients send ({@code Authorization: Bearer <secret>}). The server
 * keeps only its SHA-256 hash, so it cannot be shown again: store it now. {@link #toString()} does not reveal it.
 *
 * @param keyId the key's public id, used to list and revoke it
 * @param userName the user the key acts for
 * @param secret {@code sk_} followed by 43 base64url characters (32 random bytes)
 * @since 0.1
 */
public record CreatedApiKey(String keyId, String userName, String secret) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     */
    public CreatedApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(secret, "secret");
    }

    /** Returns a description with the secret masked, safe to log. */
    @Override
    public String toString() {
        return "CreatedApiKey[keyId=" + keyId + ", userName=" + userName + ", secret=sk_***]";
    }
}
