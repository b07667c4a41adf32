package dev.synckit.tests.e2ee;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * Direct access to a running test server's embedded store ({@code synckit.db} in its data directory), as a
 * malicious server operator would have: read the log, and rewrite what it will serve.
 */
final class ServerStore {

    /** The field of a version-2 sealed upsert that holds all its values, sealed together. */
    static final String SEALED_VALUES = "e2";

    private ServerStore() {
    }

    static Connection open(Path dataDir) throws SQLException {
        var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("synckit.db"));
        try (var st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    /** {@return the distinct table names in the server's log} */
    static List<String> tables(Path dataDir) throws SQLException {
        try (var c = open(dataDir); var st = c.createStatement();
             var rs = st.executeQuery("SELECT DISTINCT tbl FROM ops ORDER BY tbl")) {
            var out = new ArrayList<String>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** {@return the log's ops as {@code seq → fields JSON}, in seq order} */
    static List<String[]> upserts(Connection c) throws SQLException {
        try (var st = c.createStatement();
             var rs = st.executeQuery("SELECT seq, fields FROM ops WHERE kind = 'upsert' ORDER BY seq")) {
            var out = new ArrayList<String[]>();
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            return out;
        }
    }

    /** Rewrites a logged op into a plaintext one, as a malicious server could. */
    static void makePlaintext(Connection c, String seq, String table, String rowId, String fields)
            throws SQLException {
        try (var ps = c.prepareStatement("UPDATE ops SET tbl = ?, row_id = ?, fields = ? WHERE seq = ?")) {
            ps.setString(1, table);
            ps.setString(2, rowId);
            ps.setString(3, fields);
            ps.setLong(4, Long.parseLong(seq));
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no op with seq " + seq);
            }
        }
    }

    /**
     * Alters one character in the middle of an upsert's sealed values, its {@code e2} field (envelope version 2, what
     * the SDK writes).
     *
     * @param fields an upsert's fields, altered in place
     */
    static void flipSealedCharacter(ObjectNode fields) {
        var sealed = fields.get(SEALED_VALUES).stringValue();
        int middle = sealed.length() / 2;
        fields.put(SEALED_VALUES, sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
                + sealed.substring(middle + 1));
    }

    static void setFields(Connection c, String seq, String fields) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE ops SET fields = ? WHERE seq = ?")) {
            ps.setString(1, fields);
            ps.setLong(2, Long.parseLong(seq));
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no op with seq " + seq);
            }
        }
    }
}
