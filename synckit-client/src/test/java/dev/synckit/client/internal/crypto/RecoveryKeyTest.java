package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import dev.synckit.client.CryptoException;

class RecoveryKeyTest {

    @Test
    void theTextFormIsEightGroupsOfFourCrockfordCharacters() {
        var key = RecoveryKey.generate(new SecureRandom());

        assertThat(key.toDisplayString()).matches("([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}");
    }

    @Test
    void theTextFormParsesBackToTheSameKey() {
        var key = RecoveryKey.generate(new SecureRandom());
        var salt = new byte[16];

        var parsed = RecoveryKey.parse(key.toDisplayString());

        assertThat(parsed.deriveKek(salt)).isEqualTo(key.deriveKek(salt));
        assertThat(parsed.toDisplayString()).isEqualTo(key.toDisplayString());
    }

    @Test
    void parsingForgivesCaseSpacingAndLookAlikeLetters() {
        var key = RecoveryKey.generate(new FixedRandom(7));
        var text = key.toDisplayString();
        var sloppy = text.toLowerCase().replace('-', ' ').replace('0', 'o').replace('1', 'l');

        var parsed = RecoveryKey.parse("  " + sloppy + " ");

        assertThat(parsed.toDisplayString()).isEqualTo(text);
    }

    @Test
    void aMistypedCharacterFailsTheChecksum() {
        var text = RecoveryKey.generate(new FixedRandom(7)).toDisplayString();
        var typo = (text.charAt(0) == 'A' ? 'B' : 'A') + text.substring(1);

        assertThatThrownBy(() -> RecoveryKey.parse(typo))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.INVALID_RECOVERY_KEY));
    }

    @Test
    void aKeyOfTheWrongLengthOrWithForeignCharactersIsInvalid() {
        var text = RecoveryKey.generate(new FixedRandom(7)).toDisplayString();

        for (var bad : new String[] {text.substring(0, text.length() - 1), text + "A", text.replace('-', '+'),
                text.substring(0, 5) + "U" + text.substring(6), ""}) {
            assertThatThrownBy(() -> RecoveryKey.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(CryptoException.class,
                            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.INVALID_RECOVERY_KEY));
        }
    }

    @Test
    void toStringNeverShowsTheKey() {
        var key = RecoveryKey.generate(new FixedRandom(7));

        assertThat(key.toString()).isEqualTo("RecoveryKey[redacted]");
    }

    @Test
    void aDestroyedKeyCannotBeUsed() {
        var key = RecoveryKey.generate(new FixedRandom(7));

        key.destroy();

        assertThat(key.isDestroyed()).isTrue();
        assertThatThrownBy(key::toDisplayString).isInstanceOf(IllegalStateException.class);
    }
}
