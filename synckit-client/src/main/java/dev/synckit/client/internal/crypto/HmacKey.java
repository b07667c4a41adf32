package dev.synckit.client.internal.crypto;

import javax.crypto.Mac;

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

    void destroy() {
        macs.destroy();
    }
}
