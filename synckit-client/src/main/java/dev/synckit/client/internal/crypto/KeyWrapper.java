package dev.synckit.client.internal.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

import dev.synckit.client.CryptoException;

/**
 * Creates and opens {@link KeyBlob}s: the master key wrapped under the password and under the recovery key.
 *
 * <p>Every operation either returns a new blob or throws and changes nothing; a blob is never modified in place.
 * Changing or resetting the password re-wraps the <em>same</em> master key, so data encrypted before stays
 * readable and nothing is re-encrypted. The recovery wrapping is carried over unchanged unless
 * {@link #replaceRecoveryKey} is asked for.
 *
 * <p>Passwords are {@code char[]} so that callers can wipe them; this class never keeps or modifies them.
 * Safe for concurrent use (a {@link SecureRandom} is thread-safe). Argon2id runs on the calling thread and takes
 * about half a second with {@link Argon2Params#DEFAULT}: call from a background thread.
 */
public final class KeyWrapper {

    private final SecureRandom random;
    private final Argon2Params params;

    /**
     * Creates a wrapper.
     *
     * @param random the source of keys, salts and nonces; tests inject a deterministic one
     * @param params the Argon2id parameters of new password wrappings ({@link Argon2Params#DEFAULT})
     */
    public KeyWrapper(SecureRandom random, Argon2Params params) {
        this.random = Objects.requireNonNull(random, "random");
        this.params = Objects.requireNonNull(params, "params");
    }

    /** {@return a wrapper with a fresh {@code SecureRandom} and the default Argon2id parameters} */
    public static KeyWrapper create() {
        return new KeyWrapper(new SecureRandom(), Argon2Params.DEFAULT);
    }

    /**
     * What a first-device setup produces.
     *
     * @param masterKey the new master key, to keep in the OS keychain
     * @param recoveryKey the new recovery key, to show the user once
     * @param blob the wrapped key, to upload to the server
     */
    public record Setup(MasterKey masterKey, RecoveryKey recoveryKey, KeyBlob blob) {
    }

    /**
     * What replacing the recovery key produces.
     *
     * @param recoveryKey the new recovery key, to show the user once; the old one stops working with this blob
     * @param blob the new blob, to upload
     */
    public record RecoveryRotation(RecoveryKey recoveryKey, KeyBlob blob) {
    }

    /**
     * Generates a master key and a recovery key and wraps the master key under both.
     *
     * @param password the user's encryption password, not empty
     * @return the keys and the blob
     */
    public Setup setup(char[] password) {
        var masterKey = MasterKey.generate(random);
        var recoveryKey = RecoveryKey.generate(random);
        return new Setup(masterKey, recoveryKey, wrap(masterKey, password, recoveryKey));
    }

    /**
     * Wraps an existing master key under a password and a recovery key.
     *
     * @param masterKey the key
     * @param password the password, not empty
     * @param recoveryKey the recovery key
     * @return the blob
     */
    public KeyBlob wrap(MasterKey masterKey, char[] password, RecoveryKey recoveryKey) {
        return new KeyBlob(masterKey.keyCheck(), passwordWrap(masterKey, password),
                recoveryWrap(masterKey, recoveryKey));
    }

    /**
     * Unwraps the master key with the password.
     *
     * @param blob the blob
     * @param password the password
     * @return the master key; the caller destroys it when done
     * @throws CryptoException {@link CryptoException.Reason#WRONG_PASSWORD} if the password does not unwrap it,
     *         {@link CryptoException.Reason#INVALID_KEY_BLOB} if it unwraps to a key that contradicts the key check
     */
    public MasterKey unwrap(KeyBlob blob, char[] password) {
        var wrap = blob.password();
        var kek = PasswordKdf.deriveKey(password, wrap.salt(), wrap.params());
        return open(blob, wrap, kek, CryptoException.Reason.WRONG_PASSWORD, "the password does not unlock the key");
    }

    /**
     * Unwraps the master key with the recovery key.
     *
     * @param blob the blob
     * @param recoveryKey the recovery key
     * @return the master key; the caller destroys it when done
     * @throws CryptoException {@link CryptoException.Reason#WRONG_RECOVERY_KEY} if it does not unwrap it (or the
     *         blob has no recovery wrapping), {@link CryptoException.Reason#INVALID_KEY_BLOB} as for
     *         {@link #unwrap}
     */
    public MasterKey unwrapWithRecoveryKey(KeyBlob blob, RecoveryKey recoveryKey) {
        var wrap = blob.recovery();
        if (wrap == null) {
            throw new CryptoException(CryptoException.Reason.WRONG_RECOVERY_KEY, "the key has no recovery wrapping",
                    null);
        }
        var kek = recoveryKey.deriveKek(wrap.salt());
        return open(blob, wrap, kek, CryptoException.Reason.WRONG_RECOVERY_KEY,
                "the recovery key does not unlock the key");
    }

    /**
     * Re-wraps the master key under a new password, after checking the old one. The recovery wrapping is kept.
     *
     * @param blob the current blob
     * @param oldPassword the current password
     * @param newPassword the new password, not empty
     * @return the new blob, to upload in place of the old one
     * @throws CryptoException as {@link #unwrap}
     */
    public KeyBlob changePassword(KeyBlob blob, char[] oldPassword, char[] newPassword) {
        var masterKey = unwrap(blob, oldPassword);
        try {
            return new KeyBlob(blob.keyCheck(), passwordWrap(masterKey, newPassword), blob.recovery());
        } finally {
            masterKey.destroy();
        }
    }

    /**
     * Replaces a forgotten password: unwraps with the recovery key and re-wraps under a new password. The recovery
     * key keeps working.
     *
     * @param blob the current blob
     * @param recoveryKey the recovery key
     * @param newPassword the new password, not empty
     * @return the new blob, to upload in place of the old one
     * @throws CryptoException as {@link #unwrapWithRecoveryKey}
     */
    public KeyBlob resetPassword(KeyBlob blob, RecoveryKey recoveryKey, char[] newPassword) {
        var masterKey = unwrapWithRecoveryKey(blob, recoveryKey);
        try {
            return new KeyBlob(blob.keyCheck(), passwordWrap(masterKey, newPassword), blob.recovery());
        } finally {
            masterKey.destroy();
        }
    }

    /**
     * Replaces the recovery key (lost, or shown to someone), after checking the password. The password wrapping is
     * kept.
     *
     * @param blob the current blob
     * @param password the current password
     * @return the new recovery key and blob
     * @throws CryptoException as {@link #unwrap}
     */
    public RecoveryRotation replaceRecoveryKey(KeyBlob blob, char[] password) {
        var masterKey = unwrap(blob, password);
        try {
            var recoveryKey = RecoveryKey.generate(random);
            return new RecoveryRotation(recoveryKey,
                    new KeyBlob(blob.keyCheck(), blob.password(), recoveryWrap(masterKey, recoveryKey)));
        } finally {
            masterKey.destroy();
        }
    }

    private KeyBlob.PasswordWrap passwordWrap(MasterKey masterKey, char[] password) {
        var salt = randomBytes(PasswordKdf.SALT_BYTES);
        var nonce = randomBytes(Aead.NONCE_BYTES);
        var kek = PasswordKdf.deriveKey(password, salt, params);
        try {
            var header = new KeyBlob.PasswordWrap(params, salt, nonce, new byte[MasterKey.BYTES + Aead.TAG_BYTES]);
            var ciphertext = Aead.encrypt(kek, nonce, masterKey.bytes(), header.associatedData());
            return new KeyBlob.PasswordWrap(params, salt, nonce, ciphertext);
        } finally {
            Bytes.wipe(kek);
        }
    }

    private KeyBlob.RecoveryWrap recoveryWrap(MasterKey masterKey, RecoveryKey recoveryKey) {
        var salt = randomBytes(PasswordKdf.SALT_BYTES);
        var nonce = randomBytes(Aead.NONCE_BYTES);
        var kek = recoveryKey.deriveKek(salt);
        try {
            var header = new KeyBlob.RecoveryWrap(salt, nonce, new byte[MasterKey.BYTES + Aead.TAG_BYTES]);
            var ciphertext = Aead.encrypt(kek, nonce, masterKey.bytes(), header.associatedData());
            return new KeyBlob.RecoveryWrap(salt, nonce, ciphertext);
        } finally {
            Bytes.wipe(kek);
        }
    }

    private static MasterKey open(KeyBlob blob, KeyBlob.Wrap wrap, byte[] kek, CryptoException.Reason wrong,
                                  String message) {
        byte[] keyBytes;
        try {
            keyBytes = Aead.decrypt(kek, wrap.nonce(), wrap.ciphertext(), wrap.associatedData());
        } catch (Aead.BadTagException e) {
            // A wrong secret and a modified wrapping look the same to GCM; the message says both.
            throw new CryptoException(wrong, message + " (or the stored key blob was modified)", null);
        } finally {
            Bytes.wipe(kek);
        }
        var masterKey = MasterKey.of(keyBytes);
        Bytes.wipe(keyBytes);
        if (!MessageDigest.isEqual(masterKey.keyCheck(), blob.keyCheck())) {
            masterKey.destroy();
            throw new CryptoException(CryptoException.Reason.INVALID_KEY_BLOB,
                    "the key blob's key check does not match its key: the blob was modified", null);
        }
        return masterKey;
    }

    private byte[] randomBytes(int n) {
        var bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
