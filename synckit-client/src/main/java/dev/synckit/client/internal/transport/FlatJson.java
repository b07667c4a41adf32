package dev.synckit.client.internal.transport;

/**
 * A strict scanner for the usual shape of captured data: one flat JSON object without whitespace, as SQLite's
 * {@code json_object} writes it ({@code {"title":"x","done":1,"note":null}}). It finds each property's name and
 * the exact text of its value, checking the value's JSON syntax (strings and their escapes, numbers,
 * {@code true}/{@code false}/{@code null}), so that {@link PushBodyWriter} can copy whitelisted values into a
 * request body as they are, without a parser per entry.
 *
 * <p>Anything else is "not flat" and left to a real JSON parser: whitespace, nested objects or arrays, names that
 * are not plain identifiers, and anything malformed. So this class never accepts text a parser would reject; at
 * worst it declines text a parser would accept.
 */
final class FlatJson {

    /** The most properties {@link #scan} reports; more make the object "not flat". */
    static final int MAX_PROPERTIES = 257;
    /** Ints per property in the spans array: name start, name end, value start, value end. */
    static final int SPAN = 4;

    private FlatJson() {
    }

    /** {@return a spans array large enough for {@link #scan}} */
    static int[] newSpans() {
        return new int[MAX_PROPERTIES * SPAN];
    }

    /**
     * Scans {@code s}.
     *
     * @param s the text
     * @param spans receives, per property, the name's start and end (without quotes) and the value's start and end
     * @return the number of properties, or -1 if the text is not a flat object this scanner accepts
     */
    static int scan(String s, int[] spans) {
        int n = s.length();
        if (n < 2 || s.charAt(0) != '{') {
            return -1;
        }
        if (s.charAt(1) == '}') {
            return n == 2 ? 0 : -1;
        }
        int i = 1;
        int count = 0;
        while (true) {
            if (count == MAX_PROPERTIES || i >= n || s.charAt(i) != '"') {
                return -1;
            }
            int nameStart = ++i;
            while (i < n && isNameChar(s.charAt(i))) {
                i++;
            }
            if (i == nameStart || i + 1 >= n || s.charAt(i) != '"' || s.charAt(i + 1) != ':') {
                return -1;
            }
            int nameEnd = i;
            int valueStart = i + 2;
            int valueEnd = value(s, valueStart);
            if (valueEnd < 0 || valueEnd >= n) {
                return -1;
            }
            int at = count++ * SPAN;
            spans[at] = nameStart;
            spans[at + 1] = nameEnd;
            spans[at + 2] = valueStart;
            spans[at + 3] = valueEnd;
            char c = s.charAt(valueEnd);
            if (c == '}') {
                return valueEnd == n - 1 ? count : -1;
            }
            if (c != ',') {
                return -1;
            }
            i = valueEnd + 1;
        }
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** Returns the index just past the scalar value starting at {@code i}, or -1. */
    private static int value(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        return switch (s.charAt(i)) {
            case '"' -> string(s, i + 1);
            case 't' -> literal(s, i, "true");
            case 'f' -> literal(s, i, "false");
            case 'n' -> literal(s, i, "null");
            default -> number(s, i);
        };
    }

    private static int literal(String s, int i, String word) {
        return s.startsWith(word, i) ? i + word.length() : -1;
    }

    /** Scans a string's content from {@code i} (just past the opening quote) through its closing quote. */
    private static int string(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    return -1;
                }
                char e = s.charAt(i + 1);
                if (e == 'u') {
                    if (i + 5 >= n) {
                        return -1;
                    }
                    for (int k = i + 2; k < i + 6; k++) {
                        if (Character.digit(s.charAt(k), 16) < 0) {
                            return -1;
                        }
                    }
                    i += 6;
                    continue;
                }
                if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return -1;
                }
                i += 2;
                continue;
            }
            i++;
        }
        return -1;
    }

    /** Scans {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private static int number(String s, int i) {
        int n = s.length();
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i >= n || !isDigit(s.charAt(i))) {
            return -1;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else {
            i = digits(s, i);
        }
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            i = digits(s, i);
            if (i == start) {
                return -1;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            i = digits(s, i);
            if (i == start) {
                return -1;
            }
        }
        return i;
    }

    private static int digits(String s, int i) {
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
