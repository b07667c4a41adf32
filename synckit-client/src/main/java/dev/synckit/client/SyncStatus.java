package dev.synckit.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A snapshot of an engine's sync state, for an app's "Sync" settings panel ({@link SyncEngine#status()}).
 *
 * @param configured whether the engine was built with a {@link SyncKitClient}, so it can sync at all
 * @param deviceId this installation's device id, once it is registered
 * @param spaceId the space this database syncs with, once it is known
 * @param pendingChanges captured local changes not yet acknowledged by the server
 * @param lastSuccess when a sync, push or pull last completed
 * @param lastFailure when a sync, push or pull last failed
 * @param lastError a short description of the last failure (exception type and message, never a payload);
 *                  kept after a later success so the panel can still explain the last failure
 * @since 0.1
 */
public record SyncStatus(
        boolean configured,
        Optional<UUID> deviceId,
        Optional<UUID> spaceId,
        long pendingChanges,
        Optional<Instant> lastSuccess,
        Optional<Instant> lastFailure,
        Optional<String> lastError) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if an optional component is null
     * @throws IllegalArgumentException if {@code pendingChanges} is negative
     */
    public SyncStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        Objects.requireNonNull(lastFailure, "lastFailure");
        Objects.requireNonNull(lastError, "lastError");
        if (pendingChanges < 0) {
            throw new IllegalArgumentException("pendingChanges must not be negative");
        }
    }
}
