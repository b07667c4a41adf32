package dev.synckit.client;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Encrypting or decrypting data failed: a wrong encryption password, a missing master key, a ciphertext that does
 * not authenticate, or an OS keychain that could not be used. {@link #reason()} says which, so that an app can
 * react (ask for the password again, offer the recovery key, report a tampering server).
 *
 * <p>Messages and causes never contain key material, passwords, recovery keys or decrypted data. A failed
 * operation changes nothing: a wrong password leaves the stored key blob as it was.
 *
 * @since 0.1
 */
public final class CryptoException extends SyncKitException {

    /**
     * Why an encryption operation failed.
     *
     * @since 0.1
     */
    public enum Reason {
        /** The password does not unlock the key (or the stored key blob was modified). */
        WRONG_PASSWORD,
        /** The recovery key is well-formed but does not unlock the key (or the key blob was modified). */
        WRONG_RECOVERY_KEY,
        /** The recovery key is mistyped: wrong length, a character outside its alphabet, or a bad checksum. */
        INVALID_RECOVERY_KEY,
        /** The stored key blob is not a key blob: malformed, inconsistent, or with out-of-range parameters. */
        INVALID_KEY_BLOB,
        /** The data uses a format version this SDK does not know; a newer SDK wrote it. */
        UNSUPPORTED_FORMAT,
        /**
         * Encrypted data did not authenticate: it was modified, moved to another row, column, op or space, or
         * written under another key.
         */
        TAMPERED,
        /**
         * A row cannot be synced in an encrypted space: its table name and row id together are longer than the
         * sealed row id can hold (158 bytes of UTF-8). Nothing was sent; the app must shorten the id.
         */
        ROW_ID_TOO_LONG,
        /** The operation needs the master key and this device does not have it yet. */
        NO_MASTER_KEY,
        /** The OS keychain or the secret file could not be read or written. */
        SECRET_STORE,
        /** Any other failure (the cause says more). */
        OTHER
    }

    private final Reason reason;

    /**
     * Creates the exception with reason {@link Reason#OTHER}.
     *
     * @param message what failed, never key material
     * @param cause the underlying failure, if any
     */
    public CryptoException(String message, @Nullable Throwable cause) {
        this(Reason.OTHER, message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param reason why it failed
     * @param message what failed, never key material
     * @param cause the underlying failure, if any
     */
    public CryptoException(Reason reason, String message, @Nullable Throwable cause) {
        super(message, null, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the operation failed.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }
}
