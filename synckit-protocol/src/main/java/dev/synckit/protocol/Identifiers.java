package dev.synckit.protocol;


/**
 * The syntax rules for names and ids on the wire. Used by the records' constructors; public so that SDKs and
 * servers can check input before building a record.
 *
 * @since 0.1
 */
public final class Identifiers {

    /** Longest table or column name. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Longest row id. */
    public static final int MAX_ROW_ID_LENGTH = 256;
    /** Longest free-text label such as a device hostname or platform. */
    public static final int MAX_LABEL_LENGTH = 200;

    private Identifiers() {
    }

    /**
     * Checks a table or column name: an ASCII letter or underscore, then letters, digits or underscores,
     * at most {@value #MAX_NAME_LENGTH} characters.
     *
     * @param what what the name is, for the message
     * @param name the name
     * @return {@code name}
     * @throws IllegalArgumentException if the name breaks the rule
     */
    public static String requireName(String what, String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException(what + " must match [A-Za-z_][A-Za-z0-9_]* and be at most "
                    + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    // A loop, not a regular expression: every op's table and each of its columns are checked, on both sides.
    private static boolean isName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a row id: 1 to {@value #MAX_ROW_ID_LENGTH} characters, no control characters.
     *
     * @param rowId the row id
     * @return {@code rowId}
     * @throws IllegalArgumentException if the id breaks the rule
     */
    public static String requireRowId(String rowId) {
        return requireText("row_id", rowId, MAX_ROW_ID_LENGTH);
    }

    /**
     * Checks a free-text label: 1 to {@code max} characters, no control characters.
     *
     * @param what what the text is, for the message
     * @param text the text
     * @param max the longest allowed length
     * @return {@code text}
     * @throws IllegalArgumentException if the text breaks the rule
     */
    public static String requireText(String what, String text, int max) {
        if (text == null || text.isEmpty() || text.length() > max) {
            throw new IllegalArgumentException(what + " must be 1 to " + max + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
        return text;
    }
}
