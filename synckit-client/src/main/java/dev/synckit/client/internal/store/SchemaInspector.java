package dev.synckit.client.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

/**
 * Checks a declared {@link SyncSchema} against the app's actual tables before triggers are installed, so that a
 * typo fails at install time with a message that names it, not later inside a trigger on the app's write path.
 */
final class SchemaInspector {

    private SchemaInspector() {
    }

    /**
     * Verifies every declared table.
     *
     * @param c the connection
     * @param schema the declaration
     * @throws IllegalArgumentException if a table or column is missing, the primary key is not unique, or a synced
     *                                  column is declared {@code BLOB}
     * @throws SQLException if the database cannot be read
     */
    static void verify(Connection c, SyncSchema schema) throws SQLException {
        for (var t : schema.tables()) {
            verify(c, t);
        }
    }

    private static void verify(Connection c, TableSpec t) throws SQLException {
        var types = new HashMap<String, String>();
        var pkColumns = new ArrayList<String>();
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA table_info(" + Sql.quote(t.name()) + ")")) {
            while (rs.next()) {
                var name = rs.getString("name").toLowerCase(Locale.ROOT);
                types.put(name, String.valueOf(rs.getString("type")).toUpperCase(Locale.ROOT));
                if (rs.getInt("pk") > 0) {
                    pkColumns.add(name);
                }
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("table " + t.name() + " does not exist in the database");
        }
        var pk = t.primaryKey().toLowerCase(Locale.ROOT);
        if (!types.containsKey(pk)) {
            throw new IllegalArgumentException("table " + t.name() + " has no column " + t.primaryKey());
        }
        if (!pkColumns.equals(List.of(pk)) && !hasUniqueIndexOn(c, t.name(), pk)) {
            throw new IllegalArgumentException("column " + t.primaryKey() + " of table " + t.name()
                    + " must be the table's single-column PRIMARY KEY or have a UNIQUE index");
        }
        for (var col : t.columns()) {
            var type = types.get(col.toLowerCase(Locale.ROOT));
            if (type == null) {
                throw new IllegalArgumentException("table " + t.name() + " has no column " + col);
            }
            if (type.contains("BLOB")) {
                throw new IllegalArgumentException("column " + col + " of table " + t.name()
                        + " is declared BLOB; BLOB columns cannot be synced in this version");
            }
        }
    }

    private static boolean hasUniqueIndexOn(Connection c, String table, String column) throws SQLException {
        var unique = new ArrayList<String>();
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA index_list(" + Sql.quote(table) + ")")) {
            while (rs.next()) {
                if (rs.getInt("unique") == 1 && rs.getInt("partial") == 0) {
                    unique.add(rs.getString("name"));
                }
            }
        }
        for (var index : unique) {
            var columns = new ArrayList<String>();
            try (var st = c.createStatement();
                 var rs = st.executeQuery("PRAGMA index_info(" + Sql.literal(index) + ")")) {
                while (rs.next()) {
                    columns.add(String.valueOf(rs.getString("name")).toLowerCase(Locale.ROOT));
                }
            }
            if (columns.equals(List.of(column))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the declaration in a canonical text form: one line per table, {@code table|pk|col,col|parent,parent}.
     *
     * @param schema the declaration
     * @return the canonical form
     */
    static String canonical(SyncSchema schema) {
        var s = new StringBuilder("version=").append(schema.version()).append('\n');
        for (var t : schema.tables()) {
            s.append(t.name()).append('|').append(t.primaryKey()).append('|').append(String.join(",", t.columns()))
                    .append('|').append(String.join(",", t.parents().stream().sorted().toList())).append('\n');
        }
        return s.toString();
    }

    /**
     * Reads the synced columns per table back from {@link #canonical}.
     *
     * @param canonical the canonical form
     * @return table → synced columns
     */
    static Map<String, List<String>> columnsByTable(String canonical) {
        var out = new HashMap<String, List<String>>();
        for (var line : canonical.split("\n")) {
            var parts = line.split("\\|", -1);
            if (parts.length >= 3) {
                out.put(parts[0], List.of(parts[2].split(",")));
            }
        }
        return out;
    }
}
