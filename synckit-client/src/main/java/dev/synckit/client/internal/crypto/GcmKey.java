package dev.synckit.client.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An AES-256-GCM key with reusable {@code Cipher} instances ({@link KeyedInstances}): the same bytes as
 * {@link Aead#encrypt} and {@link Aead#decrypt}, without a provider lookup and an AES key schedule per call (the
 * JDK's AES keeps the schedule while the key stays the same). Safe for concurrent use; {@link #destroy()} wipes
 * the key, after which both methods throw {@link IllegalStateException}.
 */
final class GcmKey {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final KeyedInstances<Cipher> ciphers;

    /** @param key the 32-byte key; copied */
    GcmKey(byte[] key) {
        if (key.length != Aead.KEY_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM takes a 32-byte key");
        }
        this.ciphers = new KeyedInstances<>(key, "AES", spec -> Cipher.getInstance(TRANSFORMATION));
    }

    /** {@return ciphertext followed by the tag} */
    byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] associatedData) {
        var cipher = ciphers.take();
        try {
            try {
                init(cipher, Cipher.ENCRYPT_MODE, nonce);
            } catch (InvalidAlgorithmParameterException e) {
                // The JDK refuses to encrypt twice in a row under one key and nonce on one instance. With synthetic
                // nonces that happens exactly when the same value is sealed again (a retried push), which is safe:
                // the plaintext is the same too. A fresh instance has no memory of the last nonce.
                cipher = Cipher.getInstance(TRANSFORMATION);
                init(cipher, Cipher.ENCRYPT_MODE, nonce);
            }
            cipher.updateAAD(associatedData);
            var result = cipher.doFinal(plaintext);
            ciphers.give(cipher);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    /**
     * Decrypts and authenticates.
     *
     * @return the plaintext
     * @throws Aead.BadTagException if it does not authenticate
     */
    byte[] decrypt(byte[] nonce, byte[] ciphertext, byte[] associatedData) throws Aead.BadTagException {
        if (ciphertext.length < Aead.TAG_BYTES) {
            throw new Aead.BadTagException();
        }
        var cipher = ciphers.take();
        try {
            init(cipher, Cipher.DECRYPT_MODE, nonce);
            cipher.updateAAD(associatedData);
            var result = cipher.doFinal(ciphertext);
            ciphers.give(cipher);
            return result;
        } catch (AEADBadTagException e) {
            throw new Aead.BadTagException(); // the instance is dropped, not reused after a failure
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    void destroy() {
        ciphers.destroy();
    }

    private void init(Cipher cipher, int mode, byte[] nonce) throws GeneralSecurityException {
        if (nonce.length != Aead.NONCE_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM takes a 12-byte nonce");
        }
        cipher.init(mode, ciphers.key(), new GCMParameterSpec(Aead.TAG_BYTES * 8, nonce));
    }
}
