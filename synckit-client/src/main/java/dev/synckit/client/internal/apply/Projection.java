package dev.synckit.client.internal.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.synckit.client.TableSpec;
import dev.synckit.client.internal.store.Sql;

/**
 * How ops that carry one list of field names map onto one table: which of the table's synced columns they carry
 * (declaration order), where each sits among the op's fields, and the upsert statement that writes exactly those
 * columns. Fields outside the whitelist have no place here, so they are never written.
 *
 * <p>Ops of a page for one table usually carry the same field names ({@code PageDecoder} then shares one array),
 * so a page needs one projection per table, not one per op. Immutable.
 */
final class Projection {

    /** For each synced column of the table, the index of its value among the op's fields, or -1. */
    final int[] fieldIndex;
    /** The synced columns the ops carry, in declaration order. */
    final List<String> written;
    /** {@link #written} as a set, shared by the row-change events of every row written with it. */
    final Set<String> writtenSet;
    /** Whether the ops carry every synced column (their clocks then collapse into the row's base clock). */
    final boolean full;
    /**
     * {@code INSERT … ON CONFLICT (pk) DO UPDATE SET} the written columns: inserts a missing row, updates only these
     * columns of an existing one (never {@code INSERT OR REPLACE}, which would reset the others).
     */
    final String upsertSql;

    private Projection(int[] fieldIndex, List<String> written, String upsertSql, int columns) {
        this.fieldIndex = fieldIndex;
        this.written = List.copyOf(written);
        this.writtenSet = Set.copyOf(written);
        this.full = written.size() == columns;
        this.upsertSql = upsertSql;
    }

    static Projection of(TableSpec t, String[] fields) {
        var columns = t.columns();
        var index = new int[columns.size()];
        var written = new ArrayList<String>();
        for (int i = 0; i < columns.size(); i++) {
            index[i] = -1;
            for (int f = 0; f < fields.length; f++) {
                if (fields[f].equals(columns.get(i))) {
                    index[i] = f;
                    written.add(columns.get(i));
                    break;
                }
            }
        }
        return new Projection(index, written, upsertSql(t, written), columns.size());
    }

    private static String upsertSql(TableSpec t, List<String> written) {
        if (written.isEmpty()) {
            return "";
        }
        var pk = Sql.quote(t.primaryKey());
        var names = new StringBuilder(pk);
        var sets = new StringBuilder();
        for (var c : written) {
            var q = Sql.quote(c);
            names.append(", ").append(q);
            sets.append(sets.isEmpty() ? "" : ", ").append(q).append(" = excluded.").append(q);
        }
        return "INSERT INTO " + Sql.quote(t.name()) + " (" + names + ") VALUES (" + Sql.placeholders(written.size() + 1)
                + ") ON CONFLICT (" + pk + ") DO UPDATE SET " + sets;
    }
}
