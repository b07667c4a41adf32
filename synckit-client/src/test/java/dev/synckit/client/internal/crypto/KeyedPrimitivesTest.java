package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** {@link GcmKey} and {@link HmacKey} reuse JCE instances and must give exactly what fresh ones give. */
class KeyedPrimitivesTest {

    private final byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private final GcmKey gcm = new GcmKey(key);
    private final HmacKey hmac = new HmacKey(key);

    @Test
    void hmacMatchesRfc4231TestCase2() {
        var rfcKey = new HmacKey("Jefe".getBytes(StandardCharsets.US_ASCII));
        var message = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        for (int i = 0; i < 3; i++) { // the reused instance must have been reset by each call
            assertThat(HexFormat.of().formatHex(rfcKey.mac(message)))
                    .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        }
    }

    @Test
    void hmacOfPartsIsHmacOfTheirConcatenation() throws Exception {
        var a = "synckit".getBytes(StandardCharsets.US_ASCII);
        var b = new byte[200];
        b[7] = 9;

        assertThat(hmac.mac(a, new byte[0], b, a)).isEqualTo(mac(Bytes.concat(a, b, a)));
        assertThat(hmac.mac()).isEqualTo(mac(new byte[0]));
    }

    @Test
    void gcmGivesTheBytesOfAFreshCipherAndOpensThemAgain() throws Exception {
        for (int i = 0; i < 50; i++) {
            var nonce = nonce(i);
            var plaintext = ("value " + i).getBytes(StandardCharsets.UTF_8);
            var ad = ("context " + (i % 3)).getBytes(StandardCharsets.UTF_8);

            var sealed = gcm.encrypt(nonce, plaintext, ad);

            assertThat(sealed).isEqualTo(Bytes.concat(nonce, Aead.encrypt(key, nonce, plaintext, ad)));
            assertThat(gcm.decrypt(sealed, ad)).isEqualTo(plaintext);
        }
    }

    @Test
    void theSameValueCanBeEncryptedTwiceInARow() {
        // Synthetic nonces repeat exactly when the same value is sealed again (a retried push); the JDK refuses a
        // repeated nonce on one Cipher instance, so the key must fall back to a fresh one.
        var nonce = nonce(7);
        var plaintext = "retried".getBytes(StandardCharsets.UTF_8);
        var ad = "ad".getBytes(StandardCharsets.UTF_8);

        var first = gcm.encrypt(nonce, plaintext, ad);
        var second = gcm.encrypt(nonce, plaintext, ad);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aFailedDecryptionLeavesTheKeyUsable() throws Exception {
        var nonce = nonce(1);
        var ad = "ad".getBytes(StandardCharsets.UTF_8);
        var sealed = gcm.encrypt(nonce, "secret".getBytes(StandardCharsets.UTF_8), ad);
        var tampered = sealed.clone();
        tampered[Aead.NONCE_BYTES] ^= 1;
        var otherNonce = sealed.clone();
        otherNonce[0] ^= 1;

        assertThatThrownBy(() -> gcm.decrypt(tampered, ad)).isInstanceOf(Aead.BadTagException.class);
        assertThatThrownBy(() -> gcm.decrypt(otherNonce, ad)).isInstanceOf(Aead.BadTagException.class);
        assertThatThrownBy(() -> gcm.decrypt(sealed, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Aead.BadTagException.class);
        assertThatThrownBy(() -> gcm.decrypt(new byte[Aead.NONCE_BYTES + Aead.TAG_BYTES - 1], ad))
                .isInstanceOf(Aead.BadTagException.class);
        assertThat(gcm.decrypt(sealed, ad)).isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void manyThreadsGetCorrectResults() throws Exception {
        var tasks = new ArrayList<Callable<Boolean>>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < 500; i++) {
                    var message = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
                    var nonce = nonce(thread * 1000 + i);
                    var sealed = gcm.encrypt(nonce, message, nonce);
                    if (!java.util.Arrays.equals(gcm.decrypt(sealed, nonce), message)
                            || !java.util.Arrays.equals(sealed,
                                    Bytes.concat(nonce, Aead.encrypt(key, nonce, message, nonce)))
                            || !java.util.Arrays.equals(hmac.mac(message), mac(message))) {
                        return false;
                    }
                }
                return true;
            });
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void aDestroyedKeyRefusesWork() {
        gcm.destroy();
        hmac.destroy();

        assertThatThrownBy(() -> gcm.encrypt(nonce(1), new byte[1], new byte[0]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> gcm.decrypt(new byte[32], new byte[0]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> hmac.mac(new byte[1])).isInstanceOf(IllegalStateException.class);
    }

    private byte[] mac(byte[] message) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static byte[] nonce(int i) {
        var nonce = new byte[Aead.NONCE_BYTES];
        nonce[0] = (byte) i;
        nonce[1] = (byte) (i >>> 8);
        return nonce;
    }
}
