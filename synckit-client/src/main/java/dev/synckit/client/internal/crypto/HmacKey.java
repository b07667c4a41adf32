package dev.synckit.client.internal.crypto;

import javax.crypto.Mac;

import org.jspecify.annotations.Nullable;

/**
 * An HMAC-SHA256 key (the keyed hash behind name hashing and synthetic nonces) with reusable {@code Mac} instances
 * ({@link KeyedInstances}), so a call needs no provider lookup and key setup. Safe for concurrent use; {@link #destroy()}
 * wipes the key, after which {@link #mac} throws {@link IllegalStateException}.
 */
final class HmacKey {

    private final KeyedInstances<Mac> macs;

    /** @param key the key; copied */
    HmacKey(byte[] key) {
        this.macs = new KeyedInstances<>(key, "HmacSHA256", spec -> {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(spec);
            return mac;
        });
    }

    /** {@return HMAC-SHA256 of the message made of the parts one after another, 32 bytes} */
    byte[] mac(byte[]... message) {
        var mac = macs.take();
        for (var part : message) {
            mac.update(part);
        }
        var result = mac.doFinal(); // doFinal also resets the instance for its next use
        macs.give(mac);
        return result;
    }

    /**
     * Starts the MAC of messages that begin with the same parts, to {@linkplain #finish finish} each of them without
     * hashing those parts again.
     *
     * @param parts the shared leading parts
     * @return the MAC's state after them, confined to the caller's thread; null if this provider's {@code Mac}
     *         cannot be cloned (the caller then computes each message with {@link #mac})
     */
    @Nullable Mac start(byte[]... parts) {
        var mac = macs.take();
        try {
            for (var part : parts) {
                mac.update(part);
            }
            return (Mac) mac.clone();
        } catch (CloneNotSupportedException e) {
            return null;
        } finally {
            mac.reset();
            macs.give(mac);
        }
    }

    /**
     * Finishes one message {@linkplain #start started} on shared parts: the same as {@link #mac} of those parts
     * followed by {@code rest}.
     *
     * @param state the state {@link #start} returned; not changed
     * @param rest the bytes after the shared parts, as one array and a range
     * @param from where the range starts
     * @param more further parts after the range
     * @return the 32-byte HMAC
     */
    static byte[] finish(Mac state, byte[] rest, int from, byte[]... more) {
        Mac mac;
        try {
            mac = (Mac) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("a Mac that cloned once refused to clone again", e);
        }
        mac.update(rest, from, rest.length - from);
        for (var part : more) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    void destroy() {
        macs.destroy();
    }
}
