package dev.synckit.server;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.Stores;

/**
 * Administration of the server's store: users and API keys. Used by {@code synckit admin …} and by tests.
 *
 * {@snippet :
 * try (var admin = Admin.open(config)) {
 *     admin.createUser("alice");
 *     CreatedApiKey key = admin.createApiKey("alice");
 *     System.out.println(key.secret()); // shown once
 * }
 * }
 *
 * <p><b>Lifecycle.</b> {@link #open} opens the same store as {@link SyncServer} (creating and migrating it if
 * needed). The server may be running on the same store meanwhile, in this or another process: writes wait for each
 * other (SQLite's busy timeout, PostgreSQL's locks) and take effect for the server at once (a revoked key fails its
 * next request).
 * Close it when done; {@link #close()} is idempotent, and other methods throw {@link IllegalStateException} after
 * it.
 *
 * <p><b>Threading.</b> Safe for concurrent use.
 *
 * <p><b>Limits.</b> User names are 1 to 64 characters of {@code [A-Za-z0-9._-]}, unique (case-sensitive).
 *
 * @since 0.1
 */
public final class Admin implements AutoCloseable {

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Store store;
    private final ServerConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Admin(Store store, ServerConfig config) {
        this.store = store;
        this.config = config;
    }

    /**
     * Opens the configured store for administration.
     *
     * @param config the configuration; only the store settings and the clock are used
     * @return the admin handle; close it
     * @throws IllegalStateException if the store cannot be opened or migrated
     */
    public static Admin open(ServerConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            return new Admin(Stores.open(config), config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the store (" + config.storeDescription() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Creates a user and its default space.
     *
     * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}, not used by another user
     * @return the new user's id
     * @throws IllegalArgumentException if the name breaks the rule or is taken
     * @throws IllegalStateException if the admin is closed or the store fails
     */
    public UUID createUser(String name) {
        Objects.requireNonNull(name, "name");
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
        return call(() -> store.createUser(name, now()));
    }

    /**
     * Creates an API key for a user. The secret is returned once; only its SHA-256 is stored.
     *
     * @param userName an existing user
     * @return the key id and the secret
     * @throws IllegalArgumentException if there is no such user
     * @throws IllegalStateException if the admin is closed or the store fails
     */
    public CreatedApiKey createApiKey(String userName) {
        Objects.requireNonNull(userName, "userName");
        String secret = ApiKeys.newSecret();
        String keyId = ApiKeys.newKeyId();
        call(() -> {
            store.createApiKey(keyId, userName, ApiKeys.hash(secret), now());
            return null;
        });
        return new CreatedApiKey(keyId, userName, secret);
    }

    /**
     * Lists API keys, oldest first, with their state; never their secrets.
     *
     * @param userName only this user's keys, or null for every key
     * @return the keys; empty if there are none (or no such user)
     * @throws IllegalStateException if the admin is closed or the store fails
     */
    public List<ApiKeyInfo> listApiKeys(@Nullable String userName) {
        return call(() -> store.apiKeys(userName).stream()
                .map(k -> new ApiKeyInfo(k.keyId(), k.userName(), k.createdAt(), Optional.ofNullable(k.revokedAt())))
                .toList());
    }

    /**
     * Revokes an API key. The server refuses it from its next request on.
     *
     * @param keyId the key's id, as shown by {@link #listApiKeys}
     * @return true if an active key was revoked; false if there is no such key or it was already revoked
     * @throws IllegalStateException if the admin is closed or the store fails
     */
    public boolean revokeApiKey(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        return call(() -> store.revokeApiKey(keyId, now()));
    }

    /** Closes the store. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            store.close();
        }
    }

    private Instant now() {
        return Instant.now(config.clock());
    }

    private <T> T call(Supplier<T> action) {
        if (closed.get()) {
            throw new IllegalStateException("the admin is closed");
        }
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("store failure: " + e.getMessage(), e);
        }
    }
}
