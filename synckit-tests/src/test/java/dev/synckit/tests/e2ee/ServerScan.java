package dev.synckit.tests.e2ee;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Looks for plaintext in everything a server stores: the raw bytes of every file under its data directory (the
 * SQLite database, its {@code -wal} and {@code -shm} files, blobs, anything else; so deleted rows and old pages
 * count too), and every value of every column of every table of the SQLite database, read through SQL. A needle is
 * searched for case-insensitively as UTF-8 in both.
 */
final class ServerScan {

    private ServerScan() {
    }

    /** {@return the needles found anywhere in the server's data directory, with where each was found} */
    static List<String> find(Path dataDir, Collection<String> needles) throws IOException, SQLException {
        var found = new TreeSet<String>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (var file : files) {
            var text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            for (var needle : needles) {
                if (text.contains(latin1(needle))) {
                    found.add(needle + " in file " + dataDir.relativize(file));
                }
            }
        }
        for (var file : files) {
            if (file.getFileName().toString().endsWith(".db")) {
                found.addAll(findInTables(file, needles));
            }
        }
        return new ArrayList<>(found);
    }

    /** {@return the number of files the scan reads, so a test can show that it read the WAL too} */
    static List<String> files(Path dataDir) throws IOException {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            return walk.filter(Files::isRegularFile).map(p -> dataDir.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> findInTables(Path db, Collection<String> needles) throws SQLException {
        var found = new ArrayList<String>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro")) {
            var tables = new ArrayList<String>();
            try (var st = c.createStatement();
                 var rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (var table : tables) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            var bytes = rs.getBytes(i);
                            var value = bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
                            for (var needle : needles) {
                                if (value.toLowerCase(Locale.ROOT).contains(latin1(needle))) {
                                    found.add(needle + " in table " + table);
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The needle's UTF-8 bytes as one char per byte, lower case, to match the file text read the same way. */
    private static String latin1(String needle) {
        return new String(needle.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
    }
}
