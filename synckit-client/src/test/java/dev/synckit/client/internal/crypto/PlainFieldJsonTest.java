package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * {@link PlainFieldJson} against Jackson, the reference: it must write the same bytes and read the same values, or
 * stand aside. Random values and plaintexts come from fixed seeds, so a failure repeats.
 */
class PlainFieldJsonTest {

    private static final String ALPHABET = "abcXYZ019 _-~/\"\\\t\n\u0000\u001f\u007f\u00e9\u20ac\ud83d\ude80";

    @Test
    void writesExactlyWhatJacksonWrites() {
        var random = new Random(7);
        int direct = 0;
        for (int i = 0; i < 20_000; i++) {
            var column = random.nextInt(20) == 0 ? "t\u00eftle" : "col_" + random.nextInt(100);
            var value = randomValue(random);
            var simple = PlainFieldJson.write(column, value, 16);
            if (simple != null) {
                direct++;
                assertThat(new String(simple, StandardCharsets.UTF_8)).as("%s = %s", column, value)
                        .isEqualTo(new String(FieldCipher.jacksonPlaintext(column, value), StandardCharsets.UTF_8));
            }
        }
        assertThat(direct).as("values written directly").isGreaterThan(5_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\\\"b\"", "\"\u00e9\"", "\"tab\\there\"", "1.5", "1e3", "{\"a\":1}", "[1]"})
    void leavesAnythingElseToJackson(String json) {
        var value = ProtocolJson.mapper().readTree(json);

        assertThat(PlainFieldJson.write("body", value, 16)).isNull();
        assertThat(PlainFieldJson.read(FieldCipher.jacksonPlaintext("body", value), OpSealer.TREE)).isNull();
    }

    @Test
    void readsIntegersOfAtMostEighteenDigits() {
        var eighteen = FieldCipher.jacksonPlaintext("n", LongNode.valueOf(-123_456_789_012_345_678L));
        var nineteen = FieldCipher.jacksonPlaintext("n", LongNode.valueOf(1_234_567_890_123_456_789L));

        assertThat(PlainFieldJson.read(eighteen, OpSealer.TREE)).isNotNull();
        assertThat(PlainFieldJson.read(nineteen, OpSealer.TREE)).isNull();
        assertThat(FieldCipher.read(nineteen, OpSealer.TREE).value()).isEqualTo(
                LongNode.valueOf(1_234_567_890_123_456_789L));
    }

    @Test
    void readsWhatJacksonReadsAndStandsAsideOtherwise() {
        var random = new Random(11);
        int direct = 0;
        for (var plaintext : plaintexts(random)) {
            var simple = PlainFieldJson.read(plaintext, OpSealer.TREE);
            if (simple == null) {
                continue; // FieldCipher.read then goes to Jackson, which accepts or refuses it as before
            }
            direct++;
            var reference = FieldCipher.parse(plaintext, OpSealer.TREE);
            var text = new String(plaintext, StandardCharsets.UTF_8);
            assertThat(simple.column()).as(text).isEqualTo(reference.column());
            assertThat(simple.value()).as(text).isEqualTo(reference.value());
            assertThat(simple.value().getClass()).as(text).isEqualTo(reference.value().getClass());
        }
        assertThat(direct).as("plaintexts read directly").isGreaterThan(5_000);
    }

    @Test
    void whatItStandsAsideFromStillFailsAsTampering() {
        var tampered = List.of("[\"a\",01]", "[\"a\",-]", "[\"a\",truex]", "[\"a\",\"b\"]x", "[\"a\"]", "[\"\",1]");
        for (var text : tampered) {
            var plaintext = text.getBytes(StandardCharsets.UTF_8);

            assertThat(PlainFieldJson.read(plaintext, OpSealer.TREE)).as(text).isNull();
            if (!text.equals("[\"\",1]")) { // an empty column name is JSON; the column check refuses it later
                assertThatThrownBy(() -> FieldCipher.read(plaintext, OpSealer.TREE)).as(text)
                        .isInstanceOf(CryptoException.class);
            }
        }
    }

    @Test
    void aReaderWithoutScalarsAlwaysGoesThroughJackson() {
        ValueReader<@Nullable Object> parserOnly = (parser, first) -> parser.getString();
        var plaintext = FieldCipher.jacksonPlaintext("body", StringNode.valueOf("text"));

        assertThat(FieldCipher.read(plaintext, parserOnly).value()).isEqualTo("text");
        assertThatThrownBy(() -> PlainFieldJson.read(plaintext, parserOnly))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** Plaintexts as the sealer writes them, and each again with one random change. */
    private static List<byte[]> plaintexts(Random random) {
        var out = new ArrayList<byte[]>();
        var noise = "\"\\0-.eE]],[ \t\n1tfn".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 10_000; i++) {
            var plaintext = FieldCipher.jacksonPlaintext("col_" + random.nextInt(10), randomValue(random));
            out.add(plaintext);
            var changed = plaintext.clone();
            int at = random.nextInt(changed.length);
            changed[at] = random.nextInt(8) == 0 ? (byte) (0x80 + random.nextInt(0x40)) : noise[random.nextInt(
                    noise.length)];
            out.add(changed);
            out.add(java.util.Arrays.copyOf(plaintext, random.nextInt(plaintext.length)));
        }
        return out;
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1 -> StringNode.valueOf(randomText(random, true));
            case 2 -> StringNode.valueOf(randomText(random, false));
            case 3 -> IntNode.valueOf(random.nextInt());
            case 4 -> LongNode.valueOf(random.nextBoolean() ? random.nextLong() : random.nextLong() % 1_000_000_000_000L);
            case 5 -> BooleanNode.valueOf(random.nextBoolean());
            case 6 -> NullNode.getInstance();
            case 7 -> IntNode.valueOf(random.nextInt(3) - 1);
            default -> DoubleNode.valueOf(random.nextDouble() * 100);
        };
    }

    private static String randomText(Random random, boolean plain) {
        var text = new StringBuilder();
        int length = random.nextInt(45);
        for (int i = 0; i < length; i++) {
            if (plain) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else {
                text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                        random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
            }
        }
        return text.toString();
    }
}
