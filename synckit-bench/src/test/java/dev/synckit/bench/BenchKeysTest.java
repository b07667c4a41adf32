package dev.synckit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class BenchKeysTest {

    @Test
    void sealedTableNameMatchesTheTestVectorOfEncryptionMd() {
        byte[] master = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var space = UUID.fromString("eb5b7975-6f86-4796-851e-83d5f089c32e");

        assertThat(BenchKeys.sealedTable(master, space, "todos")).isEqualTo("e1_9a15de1e932d7825c5f2205abc67d889");
    }

    @Test
    void passwordsAreOneWordOfTwentyFourLettersAndDigits() {
        assertThat(BenchKeys.newPassword()).matches("[A-Za-z0-9]{24}").isNotEqualTo(BenchKeys.newPassword());
    }
}
