package dev.synckit.client.internal.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JDK (STYLE: the AEAD is the JDK's), with a 96-bit nonce and a 128-bit tag. The output
 * layout is the JDK's: ciphertext followed by the tag. Callers choose and store the nonce.
 */
final class Aead {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private Aead() {
    }

    /** Thrown when a ciphertext does not authenticate; callers turn it into the right typed error. */
    static final class BadTagException extends Exception {
        private static final long serialVersionUID = 1L;

        BadTagException() {
            super("the ciphertext does not authenticate", null, false, false);
        }
    }

    static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        try {
            var cipher = init(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] associatedData) throws BadTagException {
        if (ciphertext.length < TAG_BYTES) {
            throw new BadTagException();
        }
        try {
            var cipher = init(Cipher.DECRYPT_MODE, key, nonce);
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new BadTagException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    // A new Cipher per call: the JDK refuses to reuse a (key, nonce) pair on one instance, and instances are not
    // thread-safe. Creating one is cheap next to the work it does.
    private static Cipher init(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM takes a 32-byte key and a 12-byte nonce");
        }
        var cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return cipher;
    }
}
