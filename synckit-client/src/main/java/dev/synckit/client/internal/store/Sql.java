package dev.synckit.client.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Small SQL helpers. Identifiers reaching here were validated by {@code Identifiers.requireName} (letters, digits,
 * underscores), so quoting them cannot be escaped out of.
 */
public final class Sql {

    /** The most values bound in one {@code IN (…)} list (SQLite allows 32766 variables; stay well below). */
    public static final int MAX_IN_LIST = 500;

    private Sql() {
    }

    /**
     * Returns {@code n} comma-separated parameter markers.
     *
     * @param n how many, {@code >= 1}
     * @return {@code ?, ?, …}
     */
    public static String placeholders(int n) {
        return "?, ".repeat(n - 1) + "?";
    }

    /**
     * Quotes an identifier, so that names that are SQL keywords ({@code order}, {@code group}) work.
     *
     * @param name a validated identifier
     * @return the quoted identifier
     */
    public static String quote(String name) {
        return '"' + name + '"';
    }

    /**
     * Quotes a string literal.
     *
     * @param text a validated identifier or other text without quotes
     * @return the SQL literal
     */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * Runs one statement without parameters.
     *
     * @param c the connection
     * @param sql the statement
     * @throws SQLException if it fails
     */
    public static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Runs a query that returns one number.
     *
     * @param c the connection
     * @param sql the query
     * @return the number in the first column of the first row, or 0 without rows
     * @throws SQLException if it fails
     */
    public static long queryLong(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
