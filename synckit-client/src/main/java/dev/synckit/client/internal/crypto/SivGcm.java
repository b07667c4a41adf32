package dev.synckit.client.internal.crypto;

import java.util.Arrays;

import javax.crypto.Mac;

import org.jspecify.annotations.Nullable;

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

    /**
     * The nonce derivation's state after the associated data's leading bytes that several values share (for
     * example the fields of one op), for {@link #seal(NoncePrefix, byte[], byte[])} and
     * {@link #open(NoncePrefix, byte[], byte[])}. Confined to the caller's thread.
     *
     * @param associatedDataLength the length of every associated data it serves (the nonce input encodes it first)
     * @param associatedDataStart the shared leading bytes; copied
     * @return the state; associated data of another length or start is still sealed and opened right, from scratch
     */
    NoncePrefix prefix(int associatedDataLength, byte[] associatedDataStart) {
        var length = new byte[] {(byte) (associatedDataLength >>> 24), (byte) (associatedDataLength >>> 16),
                (byte) (associatedDataLength >>> 8), (byte) associatedDataLength};
        return new NoncePrefix(nonceKey.start(NONCE_DOMAIN, length, associatedDataStart), associatedDataLength,
                associatedDataStart.clone());
    }

    /**
     * A nonce derivation started on shared leading associated data ({@link #prefix}).
     *
     * @param state the MAC state after the shared bytes, or null if the JDK's MAC cannot be cloned (it then serves
     *              nothing, and every nonce is derived from scratch)
     * @param associatedDataLength the associated data length it serves
     * @param shared the leading bytes the state holds
     */
    record NoncePrefix(@Nullable Mac state, int associatedDataLength, byte[] shared) {

        /** Whether it serves this associated data: a state, the same length, and the same leading bytes. */
        boolean serves(byte[] associatedData) {
            return state != null && associatedData.length == associatedDataLength
                    && Arrays.equals(associatedData, 0, shared.length, shared, 0, shared.length);
        }
    }

    byte[] seal(byte[] associatedData, byte[] plaintext) {
        return seal(null, associatedData, plaintext);
    }

    /**
     * {@link #seal(byte[], byte[])} with the leading associated data possibly already in the nonce derivation.
     *
     * @param prefix a prefix from {@link #prefix}, or null
     */
    byte[] seal(@Nullable NoncePrefix prefix, byte[] associatedData, byte[] plaintext) {
        var nonce = Arrays.copyOf(syntheticNonce(prefix, associatedData, plaintext), Aead.NONCE_BYTES);
        return encryptionKey.encrypt(nonce, plaintext, associatedData);
    }

    /**
     * Decrypts and checks the nonce is the one {@link #seal} would have chosen.
     *
     * @return the plaintext; the caller wipes it when done
     * @throws Aead.BadTagException if the input was not sealed by this key with this associated data
     */
    byte[] open(byte[] associatedData, byte[] sealed) throws Aead.BadTagException {
        return open(null, associatedData, sealed);
    }

    /**
     * {@link #open(byte[], byte[])} with the leading associated data possibly already in the nonce derivation.
     *
     * @param prefix a prefix from {@link #prefix}, or null
     */
    byte[] open(@Nullable NoncePrefix prefix, byte[] associatedData, byte[] sealed) throws Aead.BadTagException {
        if (sealed.length < OVERHEAD) {
            throw new Aead.BadTagException();
        }
        var plaintext = encryptionKey.decrypt(sealed, associatedData);
        if (!nonceMatches(sealed, syntheticNonce(prefix, associatedData, plaintext))) {
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
     * {@link Bytes.Builder} does, fed to the MAC piece by piece rather than copied into one array first; continued
     * from the prefix where it serves this associated data.
     */
    private byte[] syntheticNonce(@Nullable NoncePrefix prefix, byte[] associatedData, byte[] plaintext) {
        var state = prefix != null && prefix.serves(associatedData) ? prefix.state() : null;
        if (state != null) {
            return HmacKey.finish(state, associatedData, prefix.shared().length, Bytes.lengthPrefix(plaintext),
                    plaintext);
        }
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
