package dev.synckit.client.internal.crypto;

import java.security.SecureRandom;

/** A "random" source that counts: byte n of the stream is {@code start + n}. For golden test vectors only. */
final class FixedRandom extends SecureRandom {

    private byte next;

    FixedRandom(int start) {
        this.next = (byte) start;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = next++;
        }
    }
}
