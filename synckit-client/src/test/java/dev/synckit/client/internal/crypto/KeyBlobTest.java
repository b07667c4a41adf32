package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.synckit.client.CryptoException;

/** The key blob's wire format: a golden vector, stable encoding, strict parsing. */
class KeyBlobTest {

    /**
     * The blob {@code KeyWrapper} writes for password "correct horse battery staple" with {@link Argon2Params#TESTING}
     * when the random source counts up from 0: master key 00..1f, recovery secret 20..2f, password salt 30..3f,
     * password nonce 40..4b, recovery salt 4c..5b, recovery nonce 5c..67. docs/ENCRYPTION.md shows how to recompute
     * it with another implementation. If this test fails, the format changed: that needs a new version, not a new
     * vector.
     */
    static final String GOLDEN = """
            {"format":"synckit-key-blob","version":1,"key_check":"nRYB-kXvQSkk4H1ymYV1uw","wraps":[\
            {"type":"password","kdf":{"name":"argon2id","version":19,"memory_kib":64,"iterations":1,"parallelism":1,\
            "salt":"MDEyMzQ1Njc4OTo7PD0-Pw"},"aead":"aes-256-gcm","nonce":"QEFCQ0RFRkdISUpL",\
            "ciphertext":"ruQkk8YUwQiK5w1VW2oQyNKfNzs23VnKvYK5xPrvXubuR0caI4yCfEFlI_6mQndJ"},\
            {"type":"recovery","kdf":{"name":"hkdf-sha256","salt":"TE1OT1BRUlNUVVZXWFlaWw"},"aead":"aes-256-gcm",\
            "nonce":"XF1eX2BhYmNkZWZn",\
            "ciphertext":"LtH1kjDCxmA1iyNsMrAFwspojxKurIS-oP1rxzNWI_9Fn5K791aW8eHUmFLqeguR"}]}""";
    static final String GOLDEN_RECOVERY_KEY = "40GJ-48S4-4MK2-EA19-58NJ-RB9E-5W89-8VMW";
    static final String GOLDEN_MASTER_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @Test
    void setupWithAFixedRandomSourceWritesTheGoldenBlob() {
        var setup = new KeyWrapper(new FixedRandom(0), Argon2Params.TESTING).setup(PASSWORD);

        assertThat(setup.blob().toJson()).isEqualTo(GOLDEN);
        assertThat(setup.recoveryKey().toDisplayString()).isEqualTo(GOLDEN_RECOVERY_KEY);
        assertThat(Bytes.hex(setup.masterKey().copyBytes())).isEqualTo(GOLDEN_MASTER_KEY);
    }

    @Test
    void theGoldenBlobOpensWithThePasswordAndWithTheRecoveryKey() {
        var wrapper = KeyWrapper.create();
        var blob = KeyBlob.parse(GOLDEN);

        assertThat(Bytes.hex(wrapper.unwrap(blob, PASSWORD).copyBytes())).isEqualTo(GOLDEN_MASTER_KEY);
        assertThat(Bytes.hex(wrapper.unwrapWithRecoveryKey(blob, RecoveryKey.parse(GOLDEN_RECOVERY_KEY)).copyBytes()))
                .isEqualTo(GOLDEN_MASTER_KEY);
    }

    @Test
    void parsingAndWritingAgainGivesTheSameText() {
        assertThat(KeyBlob.parse(GOLDEN).toJson()).isEqualTo(GOLDEN);
    }

    @Test
    void theKeyCheckIdentifiesTheMasterKey() {
        var zeros = MasterKey.of(new byte[32]);
        var ones = new byte[32];
        ones[31] = 1;

        assertThat(zeros.keyCheck()).hasSize(16).isEqualTo(MasterKey.of(new byte[32]).keyCheck());
        assertThat(zeros.keyCheck()).isNotEqualTo(MasterKey.of(ones).keyCheck());
    }

    @Test
    void aBlobFromANewerSdkIsReportedAsUnsupported() {
        var newer = GOLDEN.replace("\"version\":1,", "\"version\":2,");

        assertThatThrownBy(() -> KeyBlob.parse(newer)).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.UNSUPPORTED_FORMAT));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "{\"format\":"),
                Arguments.of("not an object", "[1,2]"),
                Arguments.of("another format", GOLDEN.replace("synckit-key-blob", "something-else")),
                Arguments.of("version 0", GOLDEN.replace("\"version\":1,", "\"version\":0,")),
                Arguments.of("version as text", GOLDEN.replace("\"version\":1,", "\"version\":\"1\",")),
                Arguments.of("unknown property", GOLDEN.replace("{\"format\"", "{\"extra\":1,\"format\"")),
                Arguments.of("missing key check", GOLDEN.replace("\"key_check\":\"nRYB-kXvQSkk4H1ymYV1uw\",", "")),
                Arguments.of("short key check", GOLDEN.replace("nRYB-kXvQSkk4H1ymYV1uw", "nRYB")),
                Arguments.of("padded base64", GOLDEN.replace("nRYB-kXvQSkk4H1ymYV1uw", "nRYB-kXvQSkk4H1ymYV1uw==")),
                Arguments.of("standard base64 alphabet", GOLDEN.replace("PD0-Pw", "PD0+Pw")),
                Arguments.of("unknown wrap type", GOLDEN.replace("\"type\":\"recovery\"", "\"type\":\"passkey\"")),
                Arguments.of("two password wraps", GOLDEN.replace("\"type\":\"recovery\"", "\"type\":\"password\"")),
                Arguments.of("no password wrap", GOLDEN.replace("\"type\":\"password\"", "\"type\":\"recovery\"")),
                Arguments.of("another KDF", GOLDEN.replace("\"name\":\"argon2id\"", "\"name\":\"pbkdf2\"")),
                Arguments.of("argon2 version 16", GOLDEN.replace("\"version\":19", "\"version\":16")),
                Arguments.of("another AEAD", GOLDEN.replaceFirst("aes-256-gcm", "chacha20-poly1305")),
                Arguments.of("huge memory", GOLDEN.replace("\"memory_kib\":64", "\"memory_kib\":4194304")),
                Arguments.of("zero iterations", GOLDEN.replace("\"iterations\":1", "\"iterations\":0")),
                Arguments.of("no wraps", GOLDEN.substring(0, GOLDEN.indexOf("[")) + "[]}"),
                Arguments.of("short nonce", GOLDEN.replace("QEFCQ0RFRkdISUpL", "QEFCQ0RFRkdI")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedBlobIsRejectedAsInvalid(String what, String json) {
        assertThatThrownBy(() -> KeyBlob.parse(json)).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.INVALID_KEY_BLOB));
    }
}
