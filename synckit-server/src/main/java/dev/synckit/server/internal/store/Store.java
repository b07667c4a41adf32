package dev.synckit.server.internal.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Device;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushResponse;
import tools.jackson.databind.JsonNode;

/**
 * The store SPI: accounts, API keys, devices, spaces and their op logs. One implementation per database
 * ({@code SqliteStore}, {@code PostgresStore}); both pass the same contract tests ({@code StoreContract} in
 * synckit-testkit).
 *
 * <p>Implementations are safe for concurrent use. Every op query is keyed by space. Failures of the database
 * surface as {@link StoreException}, {@linkplain StoreException#transientFailure() transient} when the database is
 * busy, closed or unreachable (the HTTP layer answers {@code 503}); a refused push as
 * {@link PushRejectedException}; misuse by an admin (duplicate user, unknown user) as
 * {@link IllegalArgumentException}. Timestamps come from the caller (the configured clock).
 */
public interface Store extends AutoCloseable {

    /**
     * Waits until the store is open and migrated. Every other method waits for this too; calling it is only needed
     * to learn early that opening failed.
     *
     * @throws StoreException if the store could not be opened or migrated
     */
    void awaitReady();

    /**
     * Runs a trivial query, for readiness checks.
     *
     * @throws StoreException if the store does not answer
     */
    void ping();

    /**
     * Creates a user, its default space and its membership of that space, in one transaction.
     *
     * @param name a valid, unused user name
     * @param now the creation time
     * @return the new user's id
     * @throws IllegalArgumentException if the name is taken
     */
    UUID createUser(String name, Instant now);

    /**
     * Stores a new API key's hash.
     *
     * @param keyId the key's public id
     * @param userName the user the key acts for
     * @param secretHash the SHA-256 of the secret
     * @param now the creation time
     * @throws IllegalArgumentException if there is no such user
     */
    void createApiKey(String keyId, String userName, byte[] secretHash, Instant now);

    /**
     * Lists API keys, oldest first.
     *
     * @param userName only this user's keys, or null for all
     * @return the keys, possibly empty
     */
    List<ApiKeyRecord> apiKeys(@Nullable String userName);

    /**
     * Revokes an active API key; it stops authenticating at once.
     *
     * @param keyId the key's public id
     * @param now the revocation time
     * @return true if an active key was revoked, false if there is no such key or it was revoked already
     */
    boolean revokeApiKey(String keyId, Instant now);

    /**
     * Finds the principal of an active API key. Never cached: a revoke takes effect on the next request.
     *
     * @param secretHash the SHA-256 of the presented secret
     * @return the principal, or empty if no active key has this hash
     */
    Optional<Principal> authenticate(byte[] secretHash);

    /**
     * Registers a device for a user.
     *
     * @param userId the user
     * @param registration the device's labels
     * @param now the registration time
     * @return the new device
     */
    Device registerDevice(UUID userId, DeviceRegistration registration, Instant now);

    /**
     * Lists a user's devices, oldest first.
     *
     * @param userId the user
     * @return the devices, possibly empty
     */
    List<Device> devices(UUID userId);

    /**
     * Tells what a user may do with a space.
     *
     * @param spaceId the space
     * @param userId the user
     * @return the access
     */
    SpaceAccess access(UUID spaceId, UUID userId);

    /**
     * Pushes ops into a space in one transaction, see {@link PushProcessor}.
     *
     * @param spaceId the space, which must exist and be writable by the user (checked by the caller)
     * @param userId the caller
     * @param deviceId the pushing device
     * @param ops the ops, in request order, not empty
     * @return one result per op and the space's head
     * @throws PushRejectedException if the push is refused; nothing changed
     */
    PushResponse push(UUID spaceId, UUID userId, UUID deviceId, List<EncodedOp> ops);

    /**
     * Reads a page of a space's log: ops with {@code seq > after} in seq order.
     *
     * @param spaceId the space
     * @param after the cursor, {@code >= 0}
     * @param limit the most ops to return, {@code >= 1}
     * @param maxBytes a soft cap on the page's field bytes: a page stops early (with {@code has_more}) once it
     *        holds at least one op and the next would exceed it
     * @return the page, as stored
     */
    LogPage pullLog(UUID spaceId, long after, int limit, long maxBytes);

    /**
     * Reads a page of a space's log as protocol records: {@link #pullLog} decoded.
     *
     * @param spaceId the space
     * @param after the cursor, {@code >= 0}
     * @param limit the most ops to return, {@code >= 1}
     * @param maxBytes as for {@link #pullLog}
     * @return the page
     */
    default PullPage pull(UUID spaceId, long after, int limit, long maxBytes) {
        return pullLog(spaceId, after, limit, maxBytes).toPullPage();
    }

    /**
     * Returns the highest seq of a space's log: every op up to it is visible to reads that start afterwards.
     *
     * @param spaceId the space
     * @return the head, {@code 0} for an empty log or an unknown space
     */
    long head(UUID spaceId);

    /**
     * Stores devices' acknowledged cursors in one transaction. A cursor never moves back: a seq (or time) lower than
     * the stored one keeps the stored one. A seq above the space's head is stored as the head (a device cannot have
     * applied ops that do not exist). Cursors of unknown spaces are ignored.
     *
     * @param cursors the cursors, at most one per (space, device)
     */
    void saveDeviceCursors(Collection<DeviceCursor> cursors);

    /**
     * Reads the acknowledged cursors of a space's devices.
     *
     * @param spaceId the space
     * @return one cursor per device that ever acknowledged, ordered by device id; possibly empty
     */
    List<DeviceCursor> deviceCursors(UUID spaceId);

    /**
     * Reads a user's wrapped-key blob.
     *
     * @param userId the user
     * @return the blob with its version, or empty if the user has none
     */
    Optional<KeyBlob> keyBlob(UUID userId);

    /**
     * Stores a user's wrapped-key blob if its stored version is the expected one (compare-and-set in one statement):
     * {@code expectedVersion == 0} creates the blob at version 1 only if the user has none; otherwise the blob of
     * version {@code expectedVersion} is replaced and the version becomes {@code expectedVersion + 1}. Of several
     * writers with the same expected version, exactly one succeeds.
     *
     * @param userId the user, who must exist
     * @param blob the opaque blob, non-empty
     * @param expectedVersion {@code 0} or the version the writer read, {@code >= 0}
     * @param now the write time
     * @return the new version, or empty (nothing changed) if the stored version is not the expected one
     */
    OptionalLong putKeyBlob(UUID userId, String blob, long expectedVersion, Instant now);

    /**
     * Starts telling {@code listener} about appends committed by other server processes that share this store's
     * database (PostgreSQL: {@code LISTEN synckit_ops} on a dedicated connection and thread, reconnecting when it
     * drops). A store that only one process serves (SQLite) never calls the listener.
     *
     * @param listener told about appends; see {@link AppendListener} for the threading rules
     * @return stops listening when closed
     */
    Listening listenForAppends(AppendListener listener);

    /**
     * Reads the materialized view of one table of a space: visible rows and their visible fields.
     *
     * @param spaceId the space
     * @param table the table
     * @return row id → (column → value), sorted by row id; rows without visible fields are absent
     */
    Map<String, Map<String, JsonNode>> materializedRows(UUID spaceId, String table);

    /** A running {@link #listenForAppends} registration. */
    interface Listening extends AutoCloseable {

        /** Stops listening, waiting a bounded time for the listener thread. Idempotent. */
        @Override
        void close();
    }

    /** Closes the store, waiting a bounded time for work in progress. Idempotent. */
    @Override
    void close();
}
