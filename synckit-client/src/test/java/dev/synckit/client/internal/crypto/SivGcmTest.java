package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SivGcmTest {

    private final SivGcm siv = new SivGcm(Bytes.concat(new byte[32], new byte[32]));
    private final byte[] ad = "context".getBytes(StandardCharsets.UTF_8);
    private final byte[] plaintext = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void equalInputsSealEquallyAndOpenBack() throws Exception {
        var a = siv.seal(ad, plaintext);
        var b = siv.seal(ad, plaintext);

        assertThat(a).isEqualTo(b).hasSize(plaintext.length + SivGcm.OVERHEAD);
        assertThat(siv.open(ad, a)).isEqualTo(plaintext);
    }

    @Test
    void differentPlaintextsOrContextsGetDifferentNonces() {
        var a = siv.seal(ad, plaintext);
        var otherText = siv.seal(ad, "hellp".getBytes(StandardCharsets.UTF_8));
        var otherContext = siv.seal("other".getBytes(StandardCharsets.UTF_8), plaintext);

        assertThat(Arrays.copyOf(otherText, 12)).isNotEqualTo(Arrays.copyOf(a, 12));
        assertThat(Arrays.copyOf(otherContext, 12)).isNotEqualTo(Arrays.copyOf(a, 12));
    }

    @Test
    void anotherContextOrAFlippedBitDoesNotOpen() {
        var sealed = siv.seal(ad, plaintext);
        var flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 1;

        assertThatThrownBy(() -> siv.open("other".getBytes(StandardCharsets.UTF_8), sealed))
                .isInstanceOf(Aead.BadTagException.class);
        assertThatThrownBy(() -> siv.open(ad, flipped)).isInstanceOf(Aead.BadTagException.class);
        assertThatThrownBy(() -> siv.open(ad, new byte[5])).isInstanceOf(Aead.BadTagException.class);
    }

    @Test
    void aValidCiphertextUnderAForeignNonceIsRefused() throws Exception {
        var nonce = new byte[12];
        nonce[0] = 7;
        var foreign = Bytes.concat(nonce, Aead.encrypt(new byte[32], nonce, plaintext, ad));

        assertThatThrownBy(() -> siv.open(ad, foreign)).isInstanceOf(Aead.BadTagException.class);
    }

    @Test
    void aNoncePrefixGivesTheSameBytesAndFallsBackForOtherAssociatedData() throws Exception {
        var shared = "shared leading bytes of one op".getBytes(StandardCharsets.UTF_8);
        var first = Bytes.concat(shared, "column a".getBytes(StandardCharsets.UTF_8));
        var second = Bytes.concat(shared, "column b".getBytes(StandardCharsets.UTF_8));
        var otherStart = Bytes.concat("another start of the same length".getBytes(StandardCharsets.UTF_8),
                "column".getBytes(StandardCharsets.UTF_8));
        var otherLength = Bytes.concat(shared, "a longer column".getBytes(StandardCharsets.UTF_8));
        var prefix = siv.prefix(first.length, shared);

        for (var associatedData : new byte[][] {first, second, otherStart, otherLength}) {
            var sealed = siv.seal(prefix, associatedData, plaintext);

            assertThat(sealed).isEqualTo(siv.seal(associatedData, plaintext));
            assertThat(siv.open(prefix, associatedData, sealed)).isEqualTo(plaintext);
        }
        var foreign = siv.seal(first, "hellp".getBytes(StandardCharsets.UTF_8));
        foreign[0] ^= 1;
        assertThatThrownBy(() -> siv.open(prefix, first, foreign)).isInstanceOf(Aead.BadTagException.class);
        assertThatThrownBy(() -> siv.open(prefix, second, siv.seal(first, plaintext)))
                .isInstanceOf(Aead.BadTagException.class);
    }
}
