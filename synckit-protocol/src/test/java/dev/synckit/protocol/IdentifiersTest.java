package dev.synckit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The name rule, checked by a loop: exactly {@code [A-Za-z_][A-Za-z0-9_]*}, at most 128 characters. */
class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "_", "_9", "todos", "project_id", "Todo2", "c_0123abcdef", "e1_ffff",
            "__", "aZ09_"})
    void namesOfLettersDigitsAndUnderscoresAreAccepted(String name) {
        assertThat(Identifiers.requireName("table", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9a", "0", "a-b", "a b", "a.b", "été", "caf\u00e9", "a\u0000", "a$", "[", "`",
            "@", "{", "/", ":", "\u0660", "a\u0661", "Ａ"})
    void anythingElseIsRefused(String name) {
        assertThatThrownBy(() -> Identifiers.requireName("column", name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("column must match");
    }

    @org.junit.jupiter.api.Test
    void nullIsRefused() {
        assertThatThrownBy(() -> Identifiers.requireName("table", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void theLengthLimitIsInclusive() {
        var longest = "a".repeat(Identifiers.MAX_NAME_LENGTH);

        assertThat(Identifiers.requireName("table", longest)).isEqualTo(longest);
        assertThatThrownBy(() -> Identifiers.requireName("table", longest + "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
