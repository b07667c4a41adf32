package dev.synckit.server.internal.store.sqlite;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of every table of a store file, read through a separate connection: tests compare a snapshot taken
 * before a refused request with one taken after, to prove the request changed nothing.
 */
public final class DatabaseSnapshot {

    private DatabaseSnapshot() {
    }

    /**
     * Reads the whole database, except Flyway's history.
     *
     * @param file the store file
     * @return table → rows (each row a list of column values as text), rows in primary key order
     */
    public static Map<String, List<List<String>>> of(Path file) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            var tables = new ArrayList<String>();
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            + "AND name NOT LIKE 'flyway_%' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            var out = new LinkedHashMap<String, List<List<String>>>();
            for (var table : tables) {
                var rows = new ArrayList<List<String>>();
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        var row = new ArrayList<String>(n);
                        for (int i = 1; i <= n; i++) {
                            var v = rs.getObject(i);
                            row.add(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v));
                        }
                        rows.add(row);
                    }
                }
                rows.sort((a, b) -> Arrays.compare(a.toArray(String[]::new), b.toArray(String[]::new)));
                out.put(table, rows);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
