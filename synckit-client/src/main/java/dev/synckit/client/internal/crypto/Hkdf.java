package dev.synckit.client.internal.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA256 (RFC 5869), through Bouncy Castle's {@code HKDFBytesGenerator}, which the client already carries for
 * Argon2id. Every sub-key in this package comes from here with its own {@code info} string, so keys for different
 * purposes are independent even though they share one master key.
 */
final class Hkdf {

    private Hkdf() {
    }

    /**
     * Derives {@code length} bytes.
     *
     * @param ikm the input key material (not modified)
     * @param salt the salt; empty means RFC 5869's default (a string of zero bytes)
     * @param info the context and purpose, for domain separation
     * @param length how many bytes, at most 255 * 32
     * @return fresh output key material; the caller wipes it
     */
    static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
        var out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    /** Derives {@code length} bytes without salt, with a UTF-8 {@code info} string. */
    static byte[] derive(byte[] ikm, String info, int length) {
        return derive(ikm, new byte[0], Bytes.utf8(info), length);
    }
}
