package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The checks of a hashed name's form, against the regular expressions they replaced. */
class NameHasherTest {

    private static final Pattern TABLE_HASH = Pattern.compile("e1_[0-9a-f]{32}");
    private static final Pattern COLUMN_HASH = Pattern.compile("c_[0-9a-f]{32}");
    private static final String HEX = "0123456789abcdef0123456789abcdef";

    @Test
    void hashFormsAreCheckedExactlyAsTheirRegularExpressions() {
        var names = new ArrayList<String>();
        for (var prefix : new String[] {"e1_", "c_", "E1_", "C_", "e2_", "c", "e1", "", "_", "e1__", "c__"}) {
            for (var body : new String[] {HEX, HEX.toUpperCase(), HEX.substring(1), HEX + "0", HEX + "\n",
                    HEX.substring(1) + "g", HEX.substring(1) + "/", HEX.substring(1) + ":", HEX.substring(1) + "`",
                    HEX.substring(1) + "\u0660", HEX.substring(1) + "\uff10", "", "0"}) {
                names.add(prefix + body);
            }
        }
        var random = new Random(42);
        var alphabet = "0123456789abcdefgABCDEF_ce1\n/:`@G\u0660";
        for (int i = 0; i < 2000; i++) {
            var name = new StringBuilder(i % 2 == 0 ? "e1_" : "c_");
            while (name.length() < 30 + random.nextInt(8)) {
                name.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : HEX.charAt(random.nextInt(16)));
            }
            names.add(name.toString());
        }

        for (var name : names) {
            assertThat(NameHasher.isTableHash(name)).as(name).isEqualTo(TABLE_HASH.matcher(name).matches());
            assertThat(NameHasher.isColumnHash(name)).as(name).isEqualTo(COLUMN_HASH.matcher(name).matches());
        }
        assertThat(names).filteredOn(NameHasher::isTableHash).isNotEmpty();
        assertThat(names).filteredOn(NameHasher::isColumnHash).isNotEmpty();
    }
}
