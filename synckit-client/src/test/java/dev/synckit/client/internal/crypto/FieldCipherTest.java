package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synckit.client.CryptoException;

/** One field value through {@link FieldCipher}, and the name hashes it relies on. */
class FieldCipherTest {

    private static final UUID SPACE = UUID.fromString("eb5b7975-6f86-4796-851e-83d5f089c32e");
    private static final MasterKey KEY = MasterKey.generate(new FixedRandom(1));

    private final SpaceKeys.SpaceCipher cipher = SpaceKeys.cipher(KEY, SPACE);
    private final FieldBinding binding = cipher.fields().binding(cipher.names().table("notes"), "sealed-row-id",
            "1732320000123-00002", UUID.fromString("9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b"));

    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "\"\"", "\"\u00fcn\u00efc\u00f8d\u00e9 \ud83d\ude80 \\\"quoted\\\"\"",
            "0", "-7",
            "9223372036854775807", "123456789012345678901234567890", "3.14", "-2.5E-7", "true", "false", "null",
            "{}", "[]", "{\"a\":1,\"b\":[1,2.5,{\"c\":null,\"d\":\"e\"}],\"f\":{\"g\":true}}"})
    void everyJsonValueSurvivesTheRoundTrip(String json) {
        var value = OpSealerTest.json(json);
        var columnHash = cipher.names().column("notes", "body");

        var sealed = cipher.fields().seal(binding, columnHash, "body", value);
        var opened = cipher.fields().open(binding, "notes", columnHash, sealed, OpSealer.TREE);

        assertThat(opened.column()).isEqualTo("body");
        assertThat(opened.value().toString()).isEqualTo(value.toString());
    }

    @Test
    void theSealedTextIsUnpaddedBase64urlAndOnlyRevealsALengthBucket() {
        var columnHash = cipher.names().column("notes", "body");

        var short1 = cipher.fields().seal(binding, columnHash, "body", OpSealerTest.json("\"a\""));
        var short2 = cipher.fields().seal(binding, columnHash, "body", OpSealerTest.json("\"abc\""));

        assertThat(short1).matches("[A-Za-z0-9_-]+").hasSameSizeAs(short2);
    }

    @Test
    void aValueOpenedUnderAnotherColumnOfTheSameRowIsRejected() {
        var sealed = cipher.fields().seal(binding, cipher.names().column("notes", "body"), "body",
                OpSealerTest.json("\"x\""));
        var title = cipher.names().column("notes", "title");

        assertThatThrownBy(() -> cipher.fields().open(binding, "notes", title, sealed, OpSealer.TREE))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.TAMPERED));
    }

    @Test
    void nameHashesAreDeterministicWithinASpaceAndUnrelatedAcrossSpaces() {
        var again = SpaceKeys.cipher(KEY, SPACE).names();
        var elsewhere = SpaceKeys.cipher(KEY, UUID.fromString("0c6e1d2f-3b4a-4c5d-8e9f-a0b1c2d3e4f5")).names();

        assertThat(again.table("notes")).isEqualTo(cipher.names().table("notes")).matches("e1_[0-9a-f]{32}");
        assertThat(again.column("notes", "body")).isEqualTo(cipher.names().column("notes", "body"))
                .matches("c_[0-9a-f]{32}");
        assertThat(elsewhere.table("notes")).isNotEqualTo(cipher.names().table("notes"));
        assertThat(elsewhere.column("notes", "body")).isNotEqualTo(cipher.names().column("notes", "body"));
    }

    @Test
    void theSameColumnNameInTwoTablesHashesDifferently() {
        assertThat(cipher.names().column("notes", "id")).isNotEqualTo(cipher.names().column("tasks", "id"));
        assertThat(cipher.names().table("notes")).isNotEqualTo(cipher.names().table("tasks"));
    }
}
