package dev.synckit.client.internal.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Op ids sort roughly by the time
 * of their write; uniqueness rests on the random bits, which need not be unguessable.
 */
public final class UuidV7 {

    private UuidV7() {
    }

    /**
     * Creates a version 7 UUID.
     *
     * @param epochMillis the timestamp part; clamped into the 48-bit range
     * @return the UUID
     */
    public static UUID at(long epochMillis) {
        var random = ThreadLocalRandom.current();
        long millis = Math.clamp(epochMillis, 0L, 0xFFFF_FFFF_FFFFL);
        long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
