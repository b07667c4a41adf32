package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Known-answer tests for the two KDFs, so that a library upgrade or a wiring mistake cannot change keys. */
class KdfTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        var ikm = HEX.parseHex("0b".repeat(22));
        var salt = HEX.parseHex("000102030405060708090a0b0c");
        var info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");

        var okm = Hkdf.derive(ikm, salt, info, 42);

        assertThat(HEX.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void hkdfMatchesRfc5869TestCase3WithoutSaltOrInfo() {
        var okm = Hkdf.derive(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42);

        assertThat(HEX.formatHex(okm)).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void argon2idMatchesTheReferenceImplementationsSmallVector() {
        var key = PasswordKdf.argon2id(bytes("password"), bytes("somesalt"), new Argon2Params(256, 2, 1));

        assertThat(HEX.formatHex(key)).isEqualTo("9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe");
    }

    @Test
    void argon2idMatchesTheReferenceImplementationAt64MiB() {
        var key = PasswordKdf.argon2id(bytes("password"), bytes("somesalt"), new Argon2Params(65536, 2, 1));

        assertThat(HEX.formatHex(key)).isEqualTo("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
    }

    @Test
    void passwordsAreNormalizedSoComposedAndDecomposedAccentsDeriveTheSameKey() {
        var salt = new byte[16];

        var composed = PasswordKdf.deriveKey("caf\u00e9".toCharArray(), salt, Argon2Params.TESTING);
        var decomposed = PasswordKdf.deriveKey("cafe\u0301".toCharArray(), salt, Argon2Params.TESTING);

        assertThat(composed).isEqualTo(decomposed);
    }

    @Test
    void theCallersPasswordArrayIsLeftAsItWas() {
        var password = "caf\u00e9 au lait".toCharArray();

        PasswordKdf.deriveKey(password, new byte[16], Argon2Params.TESTING);

        assertThat(new String(password)).isEqualTo("caf\u00e9 au lait");
    }

    @Test
    void anEmptyPasswordOrBrokenUtf16IsRefused() {
        assertThatThrownBy(() -> PasswordKdf.deriveKey(new char[0], new byte[16], Argon2Params.TESTING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordKdf.deriveKey(new char[] {'a', '\ud800'}, new byte[16], Argon2Params.TESTING))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void argon2ParametersOutsideTheSafeRangeAreRefused() {
        assertThatThrownBy(() -> new Argon2Params(Argon2Params.MAX_MEMORY_KIB + 1, 3, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(64, Argon2Params.MAX_ITERATIONS + 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(16, 1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultProfileIs64MiBAndThreePasses() {
        assertThat(Argon2Params.DEFAULT).isEqualTo(new Argon2Params(65536, 3, 1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
