package dev.synckit.client;

import org.jspecify.annotations.Nullable;

/**
 * Encrypting or decrypting data failed: a wrong encryption password, a missing master key, or a ciphertext that
 * does not authenticate. Reserved for end-to-end encryption (DESIGN §7); this version does not throw it yet.
 *
 * @since 0.1
 */
public final class CryptoException extends SyncKitException {

    /**
     * Creates the exception.
     *
     * @param message what failed, never key material
     * @param cause the underlying failure, if any
     */
    public CryptoException(String message, @Nullable Throwable cause) {
        super(message, null, cause);
    }
}
