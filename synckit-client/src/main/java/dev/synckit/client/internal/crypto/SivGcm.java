package dev.synckit.client.internal.crypto;

import java.util.Arrays;

/**
 * Deterministic authenticated encryption: AES-256-GCM whose nonce is a keyed hash of the associated data and the
 * plaintext (the SIV construction of Rogaway and Shrimpton, with HMAC-SHA256 as the PRF and GCM as the IV-based
 * scheme). Output: {@code nonce (12) || ciphertext || tag (16)}.
 *
 * <p>Why deterministic: (1) a row id must encrypt to the same text on every device, or the server could not group
 * a row's ops; (2) re-sealing an op after a crash must give byte-identical content, or the server's idempotency
 * check would answer {@code 409 op_id_conflict} to the retry. Equal inputs give equal outputs, which reveals
 * equality and nothing else; different inputs get independent nonces, so a nonce repeats under one key only by a
 * 96-bit collision (the same bound as random nonces), never because of a bug that reuses a counter.
 *
 * <p>Immutable after construction except for {@link #destroy()}; safe for concurrent use.
 */
final class SivGcm {

    static final int OVERHEAD = Aead.NONCE_BYTES + Aead.TAG_BYTES;
    private static final byte[] NONCE_DOMAIN = Bytes.builder("synckit/siv-nonce/v1").build();

    private final GcmKey encryptionKey;
    private final HmacKey nonceKey;

    /**
     * Creates the cipher from 64 bytes of key material: the GCM key, then the nonce-derivation key.
     *
     * @param keys 64 bytes; copied, the caller may wipe its array
     */
    SivGcm(byte[] keys) {
        if (keys.length != 64) {
            throw new IllegalArgumentException("SivGcm takes 64 bytes of key material");
        }
        var encryption = Arrays.copyOfRange(keys, 0, 32);
        var nonce = Arrays.copyOfRange(keys, 32, 64);
        try {
            this.encryptionKey = new GcmKey(encryption);
            this.nonceKey = new HmacKey(nonce);
        } finally {
            Bytes.wipe(encryption);
            Bytes.wipe(nonce);
        }
    }

    byte[] seal(byte[] associatedData, byte[] plaintext) {
        var nonce = Arrays.copyOf(syntheticNonce(associatedData, plaintext), Aead.NONCE_BYTES);
        return encryptionKey.encrypt(nonce, plaintext, associatedData);
    }

    /**
     * Decrypts and checks the nonce is the one {@link #seal} would have chosen.
     *
     * @return the plaintext; the caller wipes it when done
     * @throws Aead.BadTagException if the input was not sealed by this key with this associated data
     */
    byte[] open(byte[] associatedData, byte[] sealed) throws Aead.BadTagException {
        if (sealed.length < OVERHEAD) {
            throw new Aead.BadTagException();
        }
        var plaintext = encryptionKey.decrypt(sealed, associatedData);
        if (!nonceMatches(sealed, syntheticNonce(associatedData, plaintext))) {
            // Only a key holder can produce a ciphertext that authenticates, so this is a foreign encoder, not an
            // attack; still refuse it, so that every accepted value has exactly one sealed form.
            Bytes.wipe(plaintext);
            throw new Aead.BadTagException();
        }
        return plaintext;
    }

    void destroy() {
        encryptionKey.destroy();
        nonceKey.destroy();
    }

    /**
     * The nonce before truncation: HMAC of domain, associated data and plaintext, each length-prefixed as
     * {@link Bytes.Builder} does, fed to the MAC piece by piece rather than copied into one array first.
     */
    private byte[] syntheticNonce(byte[] associatedData, byte[] plaintext) {
        return nonceKey.mac(NONCE_DOMAIN, Bytes.lengthPrefix(associatedData), associatedData,
                Bytes.lengthPrefix(plaintext), plaintext);
    }

    /** Compares the sealed nonce with the first bytes of the MAC in constant time, as MessageDigest.isEqual does. */
    private static boolean nonceMatches(byte[] sealed, byte[] mac) {
        int difference = 0;
        for (int i = 0; i < Aead.NONCE_BYTES; i++) {
            difference |= sealed[i] ^ mac[i];
        }
        return difference == 0;
    }
}
