package dev.synckit.server.internal.store;

import java.util.Objects;
import java.util.UUID;

/**
 * The authenticated caller of a request.
 *
 * @param userId the user the credentials act for
 * @param userName the user's name
 * @param defaultSpaceId the user's default space ({@code /v1/spaces/default/...})
 * @param keyId the API key that authenticated the request, for logs
 */
public record Principal(UUID userId, String userName, UUID defaultSpaceId, String keyId) {

    /** Validates the components. */
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(defaultSpaceId, "defaultSpaceId");
        Objects.requireNonNull(keyId, "keyId");
    }
}
