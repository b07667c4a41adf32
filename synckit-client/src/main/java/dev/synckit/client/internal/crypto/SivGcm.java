package dev.synckit.client.internal.crypto;

import java.security.MessageDigest;
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
    private static final String NONCE_DOMAIN = "synckit/siv-nonce/v1";

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
        var nonce = syntheticNonce(associatedData, plaintext);
        return Bytes.concat(nonce, encryptionKey.encrypt(nonce, plaintext, associatedData));
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
        var nonce = Arrays.copyOfRange(sealed, 0, Aead.NONCE_BYTES);
        var ciphertext = Arrays.copyOfRange(sealed, Aead.NONCE_BYTES, sealed.length);
        var plaintext = encryptionKey.decrypt(nonce, ciphertext, associatedData);
        if (!MessageDigest.isEqual(nonce, syntheticNonce(associatedData, plaintext))) {
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

    private byte[] syntheticNonce(byte[] associatedData, byte[] plaintext) {
        var input = Bytes.builder(NONCE_DOMAIN).bytes(associatedData).bytes(plaintext).build();
        var mac = nonceKey.mac(input);
        Bytes.wipe(input);
        return Arrays.copyOf(mac, Aead.NONCE_BYTES);
    }
}
