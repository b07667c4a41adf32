package dev.synckit.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * Who the caller is ({@code GET /v1/me}).
 *
 * @param userId the user's id
 * @param userName the user's name
 * @param defaultSpaceId the user's default space, where an app's data syncs unless it chooses another
 * @since 0.1
 */
public record AccountInfo(UUID userId, String userName, UUID defaultSpaceId) {

    /** Validates the components. */
    public AccountInfo {
        Objects.requireNonNull(userId, "user_id is required");
        Objects.requireNonNull(userName, "user_name is required");
        Objects.requireNonNull(defaultSpaceId, "default_space_id is required");
    }
}
