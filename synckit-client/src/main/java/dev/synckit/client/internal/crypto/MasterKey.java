package dev.synckit.client.internal.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.security.auth.Destroyable;

import dev.synckit.client.CryptoException;

/**
 * The account's 256-bit master key, from which every data key is derived ({@link SpaceKeys}). It is generated
 * once, on the first device, and reaches other devices only wrapped ({@link KeyWrapper}); changing the password
 * re-wraps it and never changes it, so no data is ever re-encrypted.
 *
 * <p>Holds its own copy of the bytes; {@link #destroy()} wipes it, after which every method but
 * {@link #isDestroyed()} throws {@link IllegalStateException}. {@link #toString()} never shows the key. Safe for
 * concurrent reads; destroy it only when no one uses it any more.
 */
public final class MasterKey implements Destroyable {

    /** The key length in bytes. */
    public static final int BYTES = 32;
    /** The length of {@link #keyCheck()} in bytes. */
    public static final int KEY_CHECK_BYTES = 16;

    private final byte[] key;
    private volatile boolean destroyed;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    /**
     * Generates a new random key.
     *
     * @param random the randomness source; a {@link SecureRandom} from the JDK in production
     * @return the key
     */
    public static MasterKey generate(SecureRandom random) {
        var bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /**
     * Wraps key bytes, for example as loaded from the OS keychain.
     *
     * @param bytes exactly {@value #BYTES} bytes; copied, the caller should wipe its array
     * @return the key
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if the length is wrong (a damaged
     *         keychain entry)
     */
    public static MasterKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != BYTES) {
            throw new CryptoException(CryptoException.Reason.TAMPERED, "a master key has " + BYTES + " bytes", null);
        }
        return new MasterKey(bytes.clone());
    }

    /**
     * Returns a copy of the key bytes, for storing in the OS keychain. The caller wipes the copy.
     *
     * @return a fresh copy
     */
    public byte[] copyBytes() {
        return bytes().clone();
    }

    /**
     * Returns the key check: 16 bytes derived from the key (HKDF, its own purpose), stored in the clear in the key
     * blob. It identifies the key without revealing it: a device compares the check of the key in its keychain with
     * the server blob's to notice that the account's key was replaced.
     *
     * @return a fresh array
     */
    public byte[] keyCheck() {
        return Hkdf.derive(bytes(), "synckit/v1/key-check", KEY_CHECK_BYTES);
    }

    /**
     * Compares in constant time.
     *
     * @param other another key
     * @return whether both hold the same bytes
     */
    public boolean sameKeyAs(MasterKey other) {
        return MessageDigest.isEqual(bytes(), other.bytes());
    }

    /** Key bytes for the classes of this package, without a copy. Never modify or leak the array. */
    byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("the master key was destroyed");
        }
        return key;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
