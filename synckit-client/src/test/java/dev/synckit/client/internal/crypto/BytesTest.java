package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BytesTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void base64urlIsAcceptedExactlyInTheFormEncodingGives() {
        var texts = new ArrayList<String>();
        for (int length = 0; length <= 2; length++) {
            texts.addAll(allTexts(length, ALPHABET + "=+/ .\u00e9"));
        }
        for (var text : allTexts(2, ALPHABET + "=+/ .\u00e9")) { // the last character of 3, 6 and 7
            texts.add("Q" + text);
            texts.add("QUJD" + text);
            texts.add("QUJDQ" + text);
        }
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            var text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            texts.add(text.toString());
        }

        assertThat(texts).filteredOn(text -> accepts(text) != isCanonical(text)).isEmpty();
        assertThat(texts).filteredOn(BytesTest::isCanonical).hasSizeGreaterThan(1000);
    }

    // What the check replaced: decode strictly, encode again, compare.
    private static boolean isCanonical(String text) {
        try {
            var bytes = Base64.getUrlDecoder().decode(text);
            return text.indexOf('=') < 0 && Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean accepts(String text) {
        try {
            Bytes.fromBase64url(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> allTexts(int length, String alphabet) {
        var texts = new ArrayList<String>();
        texts.add("");
        for (int i = 0; i < length; i++) {
            var longer = new ArrayList<String>();
            for (var text : texts) {
                for (char c : alphabet.toCharArray()) {
                    longer.add(text + c);
                }
            }
            texts = longer;
        }
        return texts;
    }
}
