package dev.synckit.client.internal.crypto;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.CryptoException;

/**
 * The wrapped master key as the server stores it: opaque to the server, versioned and self-describing for clients.
 * It holds one wrapping under the password and, normally, one under the recovery key, both of the same master key,
 * plus the key's {@linkplain MasterKey#keyCheck() key check}. The text form is {@link #toJson()}; the format is
 * specified in {@code docs/ENCRYPTION.md} and {@link KeyBlobJson}.
 *
 * <p>Byte-array components are not copied and records compare arrays by identity: treat a blob as immutable and
 * compare blobs by {@link #toJson()}.
 *
 * @param keyCheck the master key's key check, {@value MasterKey#KEY_CHECK_BYTES} bytes
 * @param password the wrapping under the password
 * @param recovery the wrapping under the recovery key, or {@code null} if the blob has none
 */
public record KeyBlob(byte[] keyCheck, PasswordWrap password, @Nullable RecoveryWrap recovery) {

    /** The format version this SDK writes and reads. */
    public static final int VERSION = 1;

    /** Checks the components. */
    public KeyBlob {
        Objects.requireNonNull(keyCheck, "keyCheck");
        Objects.requireNonNull(password, "password");
        if (keyCheck.length != MasterKey.KEY_CHECK_BYTES) {
            throw new IllegalArgumentException("a key check has " + MasterKey.KEY_CHECK_BYTES + " bytes");
        }
    }

    /**
     * Parses the text form.
     *
     * @param json the blob as the server returned it
     * @return the blob
     * @throws CryptoException with {@link CryptoException.Reason#INVALID_KEY_BLOB} if it is not a well-formed blob,
     *         or {@link CryptoException.Reason#UNSUPPORTED_FORMAT} if a newer SDK wrote it
     */
    public static KeyBlob parse(String json) {
        return KeyBlobJson.parse(json);
    }

    /**
     * Returns the text form: compact JSON with a fixed property order, so equal blobs have equal text.
     *
     * @return the JSON
     */
    public String toJson() {
        return KeyBlobJson.write(this);
    }

    /** One wrapping of the master key: AES-256-GCM under a key-encryption key derived from a user secret. */
    public sealed interface Wrap permits PasswordWrap, RecoveryWrap {

        /** {@return the 12-byte GCM nonce} */
        byte[] nonce();

        /** {@return the encrypted master key followed by the GCM tag, 48 bytes} */
        byte[] ciphertext();

        /**
         * The associated data of the wrapping: the format, the wrapping type, the KDF and all its parameters, so
         * that changing any of them in the stored blob makes the wrapping fail to authenticate.
         */
        byte[] associatedData();
    }

    /**
     * The master key wrapped under a key derived from the password with Argon2id.
     *
     * @param params the Argon2id cost parameters
     * @param salt the random 16-byte Argon2 salt
     * @param nonce the GCM nonce
     * @param ciphertext the wrapped key and tag
     */
    public record PasswordWrap(Argon2Params params, byte[] salt, byte[] nonce, byte[] ciphertext) implements Wrap {

        /** Checks the lengths. */
        public PasswordWrap {
            Objects.requireNonNull(params, "params");
            checkLengths(salt, nonce, ciphertext);
        }

        @Override
        public byte[] associatedData() {
            return Bytes.builder("synckit-key-blob/v1/wrap").text("password").text("argon2id")
                    .integer(19).integer(params.memoryKiB()).integer(params.iterations())
                    .integer(params.parallelism()).bytes(salt).text("aes-256-gcm").build();
        }
    }

    /**
     * The master key wrapped under a key derived from the recovery key with HKDF-SHA256.
     *
     * @param salt the random 16-byte HKDF salt
     * @param nonce the GCM nonce
     * @param ciphertext the wrapped key and tag
     */
    public record RecoveryWrap(byte[] salt, byte[] nonce, byte[] ciphertext) implements Wrap {

        /** Checks the lengths. */
        public RecoveryWrap {
            checkLengths(salt, nonce, ciphertext);
        }

        @Override
        public byte[] associatedData() {
            return Bytes.builder("synckit-key-blob/v1/wrap").text("recovery").text("hkdf-sha256")
                    .bytes(salt).text("aes-256-gcm").build();
        }
    }

    private static void checkLengths(byte[] salt, byte[] nonce, byte[] ciphertext) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (salt.length != PasswordKdf.SALT_BYTES || nonce.length != Aead.NONCE_BYTES
                || ciphertext.length != MasterKey.BYTES + Aead.TAG_BYTES) {
            throw new IllegalArgumentException(
                    "a wrapping has a 16-byte salt, a 12-byte nonce and a 48-byte ciphertext");
        }
    }
}
