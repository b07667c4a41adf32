package dev.synckit.client.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An AES-256-GCM key with reusable {@code Cipher} instances ({@link KeyedInstances}): the bytes of
 * {@link Aead#encrypt} with the nonce in front, without a provider lookup and an AES key schedule per call (the
 * JDK's AES keeps the schedule while the key stays the same). Safe for concurrent use; {@link #destroy()} wipes
 * the key, after which both methods throw {@link IllegalStateException}.
 */
final class GcmKey {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = Aead.TAG_BYTES * 8;

    private final KeyedInstances<Cipher> ciphers;

    /** @param key the 32-byte key; copied */
    GcmKey(byte[] key) {
        if (key.length != Aead.KEY_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM takes a 32-byte key");
        }
        this.ciphers = new KeyedInstances<>(key, "AES", spec -> Cipher.getInstance(TRANSFORMATION));
    }

    /**
     * Encrypts.
     *
     * @param nonce the 12-byte nonce
     * @return the nonce, the ciphertext and the tag: the layout {@link SivGcm} sends
     */
    byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] associatedData) {
        if (nonce.length != Aead.NONCE_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM takes a 12-byte nonce");
        }
        var sealed = new byte[Aead.NONCE_BYTES + plaintext.length + Aead.TAG_BYTES];
        System.arraycopy(nonce, 0, sealed, 0, Aead.NONCE_BYTES);
        var spec = new GCMParameterSpec(TAG_BITS, nonce);
        var cipher = ciphers.take();
        try {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, ciphers.key(), spec);
            } catch (InvalidAlgorithmParameterException e) {
                // The JDK refuses to encrypt twice in a row under one key and nonce on one instance. With synthetic
                // nonces that happens exactly when the same value is sealed again (a retried push), which is safe:
                // the plaintext is the same too. A fresh instance has no memory of the last nonce.
                cipher = Cipher.getInstance(TRANSFORMATION);
                cipher.init(Cipher.ENCRYPT_MODE, ciphers.key(), spec);
            }
            cipher.updateAAD(associatedData);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, Aead.NONCE_BYTES);
            ciphers.give(cipher);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    /**
     * Decrypts and authenticates, reading nonce and ciphertext in place.
     *
     * @param sealed the nonce, the ciphertext and the tag, as {@link #encrypt} returns them
     * @return the plaintext
     * @throws Aead.BadTagException if it does not authenticate
     */
    byte[] decrypt(byte[] sealed, byte[] associatedData) throws Aead.BadTagException {
        if (sealed.length < Aead.NONCE_BYTES + Aead.TAG_BYTES) {
            throw new Aead.BadTagException();
        }
        var cipher = ciphers.take();
        try {
            var nonce = new GCMParameterSpec(TAG_BITS, sealed, 0, Aead.NONCE_BYTES);
            cipher.init(Cipher.DECRYPT_MODE, ciphers.key(), nonce);
            cipher.updateAAD(associatedData);
            var result = cipher.doFinal(sealed, Aead.NONCE_BYTES, sealed.length - Aead.NONCE_BYTES);
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
}
