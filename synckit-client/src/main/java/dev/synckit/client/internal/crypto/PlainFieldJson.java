package dev.synckit.client.internal.crypto;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * The common case of a field's plaintext JSON ({@link FieldCipher}), {@code ["column",value]}, written and read
 * without Jackson: a column name of {@code [A-Za-z0-9_]}, and a value that is a string of printable ASCII without
 * {@code "} or {@code \}, an integer of at most 18 digits, {@code true}, {@code false} or {@code null}. Those are
 * most values of most apps, and Jackson's parser and generator cost more per field than the cipher does.
 *
 * <p>Both directions give exactly what Jackson gives: {@link #write} the bytes of the protocol mapper's compact
 * output, {@link #read} the values its parser reads (a test compares them on many random values). Everything else
 * (escapes, non-ASCII text, fractions, exponents, long integers, nested values, other whitespace, malformed input)
 * returns {@code null}, and the caller uses Jackson, which accepts or refuses it as before. Stateless.
 */
final class PlainFieldJson {

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final int MAX_DIGITS = 18;

    private PlainFieldJson() {
    }

    /**
     * Writes {@code ["column",value]} padded with spaces to a multiple of {@code block} bytes, if both are simple.
     *
     * @param column the column name
     * @param value the value
     * @param block the padding block
     * @return the padded plaintext, or null to let Jackson write it
     */
    static byte @Nullable [] write(String column, JsonNode value, int block) {
        String literal;
        boolean quoted = false;
        if (value.isString()) {
            literal = value.stringValue();
            quoted = true;
            if (!plainText(literal)) {
                return null;
            }
        } else if (value.isInt() || value.isLong()) {
            literal = Long.toString(value.longValue());
        } else if (value.isBoolean()) {
            literal = value.booleanValue() ? "true" : "false";
        } else if (value.isNull()) {
            literal = "null";
        } else {
            return null;
        }
        if (!nameText(column)) {
            return null;
        }
        int length = 2 + column.length() + 2 + 1 + literal.length() + (quoted ? 2 : 0);
        var out = new byte[(length + block - 1) / block * block];
        int at = 0;
        out[at++] = '[';
        out[at++] = '"';
        at = ascii(column, out, at);
        out[at++] = '"';
        out[at++] = ',';
        if (quoted) {
            out[at++] = '"';
        }
        at = ascii(literal, out, at);
        if (quoted) {
            out[at++] = '"';
        }
        out[at++] = ']';
        while (at < out.length) {
            out[at++] = ' ';
        }
        return out;
    }

    /**
     * Reads a plaintext written as {@link #write} writes it (the padding may be any number of spaces).
     *
     * @param plaintext the opened plaintext
     * @param reader makes the value in the caller's form; must {@linkplain ValueReader#readsScalars() read scalars}
     * @param <T> the value's form
     * @return the column and value, or null to let Jackson read it
     */
    static <T extends @Nullable Object> FieldCipher.@Nullable OpenedField<T> read(byte[] plaintext,
                                                                                 ValueReader<T> reader) {
        int n = plaintext.length;
        if (n < 6 || plaintext[0] != '[' || plaintext[1] != '"') {
            return null;
        }
        int at = 2;
        while (at < n && nameByte(plaintext[at])) {
            at++;
        }
        if (at == 2 || at + 1 >= n || plaintext[at] != '"' || plaintext[at + 1] != ',') {
            return null;
        }
        var column = new String(plaintext, 2, at - 2, StandardCharsets.US_ASCII);
        at += 2;
        if (at >= n) {
            return null;
        }
        T value;
        int end;
        byte first = plaintext[at];
        if (first == '"') {
            end = at + 1;
            while (end < n && plainByte(plaintext[end])) {
                end++;
            }
            if (end >= n || plaintext[end] != '"') {
                return null;
            }
            value = reader.string(new String(plaintext, at + 1, end - at - 1, StandardCharsets.US_ASCII));
            end++;
        } else if (first == '-' || (first >= '0' && first <= '9')) {
            end = integerEnd(plaintext, at);
            if (end < 0) {
                return null;
            }
            value = reader.integer(Long.parseLong(new String(plaintext, at, end - at, StandardCharsets.US_ASCII)));
        } else if (matches(plaintext, at, TRUE)) {
            value = reader.bool(true);
            end = at + TRUE.length;
        } else if (matches(plaintext, at, FALSE)) {
            value = reader.bool(false);
            end = at + FALSE.length;
        } else if (matches(plaintext, at, NULL)) {
            value = reader.absent();
            end = at + NULL.length;
        } else {
            return null;
        }
        if (end >= n || plaintext[end] != ']') {
            return null;
        }
        for (int i = end + 1; i < n; i++) {
            if (plaintext[i] != ' ') {
                return null;
            }
        }
        return new FieldCipher.OpenedField<>(column, value);
    }

    /** The end of a JSON integer of at most {@value #MAX_DIGITS} digits starting at {@code at}, or -1. */
    private static int integerEnd(byte[] b, int at) {
        int i = at;
        if (b[i] == '-') {
            i++;
        }
        int digits = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int count = i - digits;
        if (count == 0 || count > MAX_DIGITS || (count > 1 && b[digits] == '0')) {
            return -1;
        }
        return i;
    }

    private static boolean matches(byte[] b, int at, byte[] word) {
        if (at + word.length > b.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (b[at + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    private static int ascii(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            out[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    private static boolean plainText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean nameText(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7f || !nameByte((byte) c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainByte(byte b) {
        return b >= 0x20 && b <= 0x7e && b != '"' && b != '\\';
    }

    private static boolean nameByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    }
}
