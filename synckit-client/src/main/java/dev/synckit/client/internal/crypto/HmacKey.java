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
     * @return the state after them; confined to the caller's thread
     */
    Prefix start(byte[]... parts) {
        var mac = macs.take();
        try {
            for (var part : parts) {
                mac.update(part);
            }
            return new Prefix((Mac) mac.clone(), null);
        } catch (CloneNotSupportedException e) {
            return new Prefix(null, parts); // such a provider's MAC hashes the parts again for each message
        } finally {
            mac.reset();
            macs.give(mac);
        }
    }

    /**
     * Finishes one message started with {@link #start}: the same as {@link #mac} of its shared parts followed by
     * {@code rest}.
     *
     * @param prefix the shared state
     * @param rest the bytes after the shared parts, as one array and a range
     * @param from where the range starts
     * @param more further parts after the range
     * @return the 32-byte HMAC
     */
    byte[] finish(Prefix prefix, byte[] rest, int from, byte[]... more) {
        Mac mac;
        if (prefix.state != null) {
            try {
                mac = (Mac) prefix.state.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("a Mac that cloned once refused to clone again", e);
            }
        } else {
            mac = macs.take();
            for (var part : prefix.parts) {
                mac.update(part);
            }
        }
        mac.update(rest, from, rest.length - from);
        for (var part : more) {
            mac.update(part);
        }
        var result = mac.doFinal();
        if (prefix.state == null) {
            macs.give(mac);
        }
        return result;
    }

    /** The state of a MAC after shared leading parts: a cloneable engine, or else the parts themselves. */
    static final class Prefix {

        private final @Nullable Mac state;
        private final byte[][] parts;

        private Prefix(@Nullable Mac state, byte[] @Nullable [] parts) {
            this.state = state;
            this.parts = parts == null ? new byte[0][] : parts;
        }
    }

    void destroy() {
        macs.destroy();
    }
}
