package dev.synckit.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A snapshot of an engine's sync state, for an app's "Sync" settings panel ({@link SyncEngine#status()}).
 *
 * <p>Components may be added in later versions (at the end, with a constructor for the old list); existing ones
 * keep their position.
 *
 * @param configured whether the engine was built with a {@link SyncKitClient} and not {@link SyncEngine#disconnect()
 *                   disconnected}, so it can sync at all
 * @param deviceId this installation's device id, once it is registered
 * @param spaceId the space this database syncs with, once it is known
 * @param pendingChanges captured local changes not yet acknowledged by the server
 * @param lastSuccess when a sync, push or pull last completed
 * @param lastFailure when a sync, push or pull last failed
 * @param lastError a short description of the last failure (exception type and message, never a payload);
 *                  kept after a later success so the panel can still explain the last failure
 * @param authenticated whether the engine is configured and the server has not refused its credentials since the
 *                      last successful sync (a 401 or 403 answer makes this {@code false} until a sync succeeds)
 * @param retryCount consecutive failed syncs since the last success; background retries wait 1, 2, 4, 8, then
 *                   15 minutes (kept in the database, so a restart does not reset it)
 * @param nextAttempt when the background worker will sync next by itself (the retry time after a failure, else
 *                    the next interval sync or the debounced sync after local writes); empty when it will not: the
 *                    worker is not started, auto sync is off, or the server refused the credentials
 * @param realtimeConnected whether the realtime connection that delivers other devices' changes at once is up
 *                          (the engine is started and configured, its WebSocket is open and subscribed); while it
 *                          is down, the engine syncs over HTTP on its schedule and keeps reconnecting
 * @param encryption whether the data of this database is end-to-end encrypted, and whether this device holds the
 *                   key ({@link Encryption}); as last learned from the server, never asked for by this method
 * @since 0.1
 */
public record SyncStatus(
        boolean configured,
        Optional<UUID> deviceId,
        Optional<UUID> spaceId,
        long pendingChanges,
        Optional<Instant> lastSuccess,
        Optional<Instant> lastFailure,
        Optional<String> lastError,
        boolean authenticated,
        int retryCount,
        Optional<Instant> nextAttempt,
        boolean realtimeConnected,
        Encryption encryption) {

    /**
     * Where end-to-end encryption stands for an engine's database.
     *
     * @since 0.1
     */
    public enum Encryption {
        /**
         * No key blob seen for the account yet: the data syncs in the clear. Every sync checks again, so this
         * changes to {@link #LOCKED} or {@link #UNLOCKED} as soon as any device sets encryption up.
         */
        OFF,
        /**
         * Encryption is set up for the account but this device has no key: syncing fails with
         * {@link CryptoException.Reason#NO_MASTER_KEY} until {@link SyncEngine#setupEncryptionExisting},
         * {@link SyncEngine#tryLoadKeyFromKeychain} or {@link SyncEngine#resetPassword} succeeds.
         */
        LOCKED,
        /** Encryption is set up and the key is loaded: every op is sealed before push and opened after pull. */
        UNLOCKED
    }

    /**
     * Validates the components.
     *
     * @throws NullPointerException if an optional component is null
     * @throws IllegalArgumentException if {@code pendingChanges} or {@code retryCount} is negative
     */
    public SyncStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        Objects.requireNonNull(lastFailure, "lastFailure");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(encryption, "encryption");
        if (pendingChanges < 0) {
            throw new IllegalArgumentException("pendingChanges must not be negative");
        }
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must not be negative");
        }
    }

    /**
     * Creates a status with the components of the first version: {@code authenticated} follows
     * {@code configured}, no retry is pending, no next attempt is planned and realtime is not connected.
     *
     * @param configured whether the engine can sync at all
     * @param deviceId this installation's device id, once it is registered
     * @param spaceId the space this database syncs with, once it is known
     * @param pendingChanges captured local changes not yet acknowledged by the server
     * @param lastSuccess when a sync, push or pull last completed
     * @param lastFailure when a sync, push or pull last failed
     * @param lastError a short description of the last failure
     * @throws NullPointerException if an optional component is null
     * @throws IllegalArgumentException if {@code pendingChanges} is negative
     */
    public SyncStatus(boolean configured, Optional<UUID> deviceId, Optional<UUID> spaceId, long pendingChanges,
                      Optional<Instant> lastSuccess, Optional<Instant> lastFailure, Optional<String> lastError) {
        this(configured, deviceId, spaceId, pendingChanges, lastSuccess, lastFailure, lastError, configured, 0,
                Optional.empty(), false);
    }

    /**
     * Creates a status with the components before {@code encryption}, which is {@link Encryption#OFF}.
     *
     * @param configured whether the engine can sync at all
     * @param deviceId this installation's device id, once it is registered
     * @param spaceId the space this database syncs with, once it is known
     * @param pendingChanges captured local changes not yet acknowledged by the server
     * @param lastSuccess when a sync, push or pull last completed
     * @param lastFailure when a sync, push or pull last failed
     * @param lastError a short description of the last failure
     * @param authenticated whether the server has not refused the credentials since the last success
     * @param retryCount consecutive failed syncs since the last success
     * @param nextAttempt when the background worker will sync next by itself
     * @param realtimeConnected whether the realtime connection is up
     * @throws NullPointerException if an optional component is null
     * @throws IllegalArgumentException if {@code pendingChanges} or {@code retryCount} is negative
     */
    public SyncStatus(boolean configured, Optional<UUID> deviceId, Optional<UUID> spaceId, long pendingChanges,
                      Optional<Instant> lastSuccess, Optional<Instant> lastFailure, Optional<String> lastError,
                      boolean authenticated, int retryCount, Optional<Instant> nextAttempt,
                      boolean realtimeConnected) {
        this(configured, deviceId, spaceId, pendingChanges, lastSuccess, lastFailure, lastError, authenticated,
                retryCount, nextAttempt, realtimeConnected, Encryption.OFF);
    }
}
