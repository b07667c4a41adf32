package dev.synckit.client.internal.store;

import java.util.ArrayList;
import java.util.List;

import dev.synckit.client.TableSpec;

/**
 * The capture triggers of one synced table, and the JSON expressions the snapshot shares with them.
 *
 * <p>Design, for low overhead on the app's writes: one {@code INSERT} into {@code sync_changelog} per written row;
 * only whitelisted columns, as one {@code json_object}; an {@code UPDATE} fires only when a whitelisted column is in
 * the statement's {@code SET} list ({@code UPDATE OF}) and really changed ({@code IS NOT}, which treats
 * {@code NULL}s as values), and records only the changed columns; nothing at all is recorded while
 * {@code applying_remote = '1'}. That flag is only ever {@code '1'} inside the engine's own apply transaction, so
 * the app's connections never see it set, and remote changes never echo back into the changelog. A change of the
 * primary key is recorded as a delete of the old row id plus an insert of the new one. The timestamp is the write's
 * wall-clock time in milliseconds, via {@code julianday} (which works on SQLite versions older than 3.42's
 * {@code unixepoch('subsec')}).
 */
public final class TriggerSql {

    /** Part of the schema hash: bump when the trigger text changes, so installed triggers are replaced. */
    public static final int VERSION = 1;
    /** The trigger kinds, for the trigger names {@code synckit_<table>_<kind>}. */
    public static final List<String> KINDS = List.of("insert", "update", "rekey", "delete");

    /**
     * SQLite caps function arguments at compile time (sqlite-jdbc's build allows 100, stock SQLite 127), so wide
     * rows are built in chunks of at most 40 columns: 81 arguments per call.
     */
    private static final int MAX_PAIRS_PER_CALL = 40;
    private static final String NOT_APPLYING =
            "(SELECT value FROM sync_state WHERE key = 'applying_remote') IS NOT '1'";
    private static final String NOW_MILLIS = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)";
    /** A JSON path that can never name a column (names are [A-Za-z0-9_]): removing it is a no-op. */
    private static final String NO_PATH = "'$.\"-\"'";
    private static final String INSERT_CHANGE = "INSERT INTO sync_changelog (table_name, op, row_id, timestamp, data) ";

    private TriggerSql() {
    }

    /**
     * Returns the name of one of a table's triggers.
     *
     * @param table the table
     * @param kind one of {@link #KINDS}
     * @return the trigger's name
     */
    public static String triggerName(String table, String kind) {
        return "synckit_" + table + "_" + kind;
    }

    /**
     * Returns the {@code CREATE TRIGGER} statements for a table.
     *
     * @param t the table
     * @return four statements: insert, update, primary-key change, delete
     */
    public static List<String> createTriggers(TableSpec t) {
        var table = Sql.quote(t.name());
        var name = Sql.literal(t.name());
        var pkNew = "NEW." + Sql.quote(t.primaryKey());
        var pkOld = "OLD." + Sql.quote(t.primaryKey());
        var all = jsonObject(t.columns(), "NEW.");
        var changed = new ArrayList<String>();
        var paths = new ArrayList<String>();
        var updateOf = new ArrayList<String>();
        for (var c : t.columns()) {
            var q = Sql.quote(c);
            changed.add("OLD." + q + " IS NOT NEW." + q);
            paths.add("CASE WHEN OLD." + q + " IS NEW." + q + " THEN '$." + c + "' ELSE " + NO_PATH + " END");
            updateOf.add(q);
        }
        var statements = new ArrayList<String>(4);
        statements.add("CREATE TRIGGER " + Sql.quote(triggerName(t.name(), "insert")) + " AFTER INSERT ON " + table
                + " FOR EACH ROW WHEN " + pkNew + " IS NOT NULL AND " + NOT_APPLYING + " BEGIN " + INSERT_CHANGE
                + "VALUES (" + name + ", 'INSERT', CAST(" + pkNew + " AS TEXT), " + NOW_MILLIS + ", " + all
                + "); END");
        statements.add("CREATE TRIGGER " + Sql.quote(triggerName(t.name(), "update")) + " AFTER UPDATE OF "
                + String.join(", ", updateOf) + " ON " + table + " FOR EACH ROW WHEN " + pkNew + " IS NOT NULL AND "
                + pkOld + " IS " + pkNew + " AND (" + String.join(" OR ", changed) + ") AND " + NOT_APPLYING
                + " BEGIN " + INSERT_CHANGE + "VALUES (" + name + ", 'UPDATE', CAST(" + pkNew + " AS TEXT), "
                + NOW_MILLIS + ", " + jsonRemove(all, paths) + "); END");
        statements.add("CREATE TRIGGER " + Sql.quote(triggerName(t.name(), "rekey")) + " AFTER UPDATE OF "
                + Sql.quote(t.primaryKey()) + " ON " + table + " FOR EACH ROW WHEN " + pkOld + " IS NOT " + pkNew
                + " AND " + NOT_APPLYING + " BEGIN "
                + INSERT_CHANGE + "SELECT " + name + ", 'DELETE', CAST(" + pkOld + " AS TEXT), " + NOW_MILLIS
                + ", NULL WHERE " + pkOld + " IS NOT NULL; "
                + INSERT_CHANGE + "SELECT " + name + ", 'INSERT', CAST(" + pkNew + " AS TEXT), " + NOW_MILLIS
                + ", " + all + " WHERE " + pkNew + " IS NOT NULL; END");
        statements.add("CREATE TRIGGER " + Sql.quote(triggerName(t.name(), "delete")) + " AFTER DELETE ON " + table
                + " FOR EACH ROW WHEN " + pkOld + " IS NOT NULL AND " + NOT_APPLYING + " BEGIN " + INSERT_CHANGE
                + "VALUES (" + name + ", 'DELETE', CAST(" + pkOld + " AS TEXT), " + NOW_MILLIS + ", NULL); END");
        return statements;
    }

    /**
     * Returns the statement that copies every existing row of a table into the changelog as an {@code INSERT}
     * (or, for {@code op = UPDATE}, only the given columns), with one bound parameter: the timestamp.
     *
     * @param t the table
     * @param op {@code INSERT} or {@code UPDATE}
     * @param columns the columns to capture
     * @return the {@code INSERT … SELECT} statement
     */
    public static String snapshot(TableSpec t, String op, List<String> columns) {
        var pk = Sql.quote(t.primaryKey());
        return INSERT_CHANGE + "SELECT " + Sql.literal(t.name()) + ", '" + op + "', CAST(" + pk + " AS TEXT), ?, "
                + jsonObject(columns, "") + " FROM " + Sql.quote(t.name()) + " WHERE " + pk + " IS NOT NULL";
    }

    /** {@code json_object('a', p."a", …)}, nested through {@code json_insert} beyond the argument cap. */
    static String jsonObject(List<String> columns, String prefix) {
        var expr = new StringBuilder();
        for (int start = 0; start < columns.size(); start += MAX_PAIRS_PER_CALL) {
            var chunk = columns.subList(start, Math.min(columns.size(), start + MAX_PAIRS_PER_CALL));
            var pairs = new ArrayList<String>(chunk.size());
            for (var c : chunk) {
                pairs.add((start == 0 ? "'" + c + "'" : "'$." + c + "'") + ", " + prefix + Sql.quote(c));
            }
            expr = start == 0 ? new StringBuilder("json_object(" + String.join(", ", pairs) + ")")
                    : new StringBuilder("json_insert(" + expr + ", " + String.join(", ", pairs) + ")");
        }
        return expr.toString();
    }

    private static String jsonRemove(String json, List<String> paths) {
        var expr = json;
        for (int start = 0; start < paths.size(); start += 2 * MAX_PAIRS_PER_CALL - 1) {
            var chunk = paths.subList(start, Math.min(paths.size(), start + 2 * MAX_PAIRS_PER_CALL - 1));
            expr = "json_remove(" + expr + ", " + String.join(", ", chunk) + ")";
        }
        return expr;
    }
}
