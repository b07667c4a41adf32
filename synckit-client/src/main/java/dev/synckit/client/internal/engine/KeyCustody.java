package dev.synckit.client.internal.engine;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SecretStore;
import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.client.internal.crypto.OpSealer;

/**
 * Holds one engine's copy of the account's master key: in memory as an {@link OpSealer} (which derives each
 * space's keys once and keeps them), and across runs in the {@link SecretStore} under a name per space, so that a
 * restart unlocks without the password.
 *
 * <p>Invariants: at most one sealer is loaded; replacing or dropping it closes the old one, which wipes its keys.
 * The key check kept with it always belongs to the loaded key. The secret store is created on first use only, so an
 * engine that never encrypts never touches the OS keychain. Every method that changes something is called under
 * the engine's per-file lock; the readers ({@link #sealer()}, {@link #hasKey()}, from the realtime thread and the
 * status) see either the old or the new key, never a mix.
 */
final class KeyCustody implements AutoCloseable {

    private static final String SECRET_PREFIX = "synckit-master-key-";

    private final Supplier<SecretStore> storeFactory;
    private @Nullable SecretStore store;
    private volatile @Nullable Loaded loaded;

    private record Loaded(OpSealer sealer, byte[] keyCheck, boolean verified) {
    }

    KeyCustody(Supplier<SecretStore> storeFactory) {
        this.storeFactory = storeFactory;
    }

    /** {@return the loaded key's sealer, if a key is loaded} */
    Optional<OpSealer> sealer() {
        var current = loaded;
        return current == null ? Optional.empty() : Optional.of(current.sealer());
    }

    boolean hasKey() {
        return loaded != null;
    }

    /** {@return whether the loaded key was compared with the server's key blob since it was loaded} */
    boolean verified() {
        var current = loaded;
        return current != null && current.verified();
    }

    /** {@return whether the loaded key is the one whose key check this is} */
    boolean matches(byte[] keyCheck) {
        var current = loaded;
        return current != null && MessageDigest.isEqual(current.keyCheck(), keyCheck);
    }

    /** Marks the loaded key as checked against the server's key blob. */
    void markVerified() {
        var current = loaded;
        if (current != null) {
            loaded = new Loaded(current.sealer(), current.keyCheck(), true);
        }
    }

    /**
     * Loads the key kept for a space, if there is one.
     *
     * @return whether a key was loaded
     * @throws CryptoException with {@link CryptoException.Reason#SECRET_STORE} if the store cannot be read, or
     *         {@link CryptoException.Reason#TAMPERED} if the stored secret is not a master key
     */
    boolean loadStored(UUID spaceId) {
        var bytes = store().load(secretName(spaceId));
        if (bytes.isEmpty()) {
            return false;
        }
        try {
            var key = MasterKey.of(bytes.get());
            try {
                use(key, false);
            } finally {
                key.destroy();
            }
            return true;
        } finally {
            Arrays.fill(bytes.get(), (byte) 0);
        }
    }

    /**
     * Stores a key for a space in the secret store and loads it; the key came from the server's blob, so it counts
     * as verified. The caller keeps ownership of {@code key}.
     *
     * @throws CryptoException with {@link CryptoException.Reason#SECRET_STORE} if the store cannot be written;
     *         then nothing was loaded
     */
    void keep(UUID spaceId, MasterKey key) {
        var bytes = key.copyBytes();
        try {
            store().store(secretName(spaceId), bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        use(key, true);
    }

    /** Deletes the stored key of a space (after a setup that failed half-way). */
    void deleteStored(UUID spaceId) {
        store().delete(secretName(spaceId));
    }

    /** Unloads the key (it stays in the secret store). */
    void unload() {
        var current = loaded;
        loaded = null;
        if (current != null) {
            current.sealer().close();
        }
    }

    @Override
    public void close() {
        unload();
    }

    private void use(MasterKey key, boolean verified) {
        var previous = loaded;
        loaded = new Loaded(OpSealer.create(key), key.keyCheck(), verified);
        if (previous != null) {
            previous.sealer().close();
        }
    }

    private SecretStore store() {
        if (store == null) {
            store = storeFactory.get();
        }
        return store;
    }

    private static String secretName(UUID spaceId) {
        return SECRET_PREFIX + spaceId;
    }
}
