package dev.synckit.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The updates of W2, known to both devices without being sent between them: update {@code i} sets row
 * {@code i mod SEED} (rows in id order, the same on both devices once they hold the seeded rows) to the
 * {@code i}-th title of a random generator seeded with a number the harness gives both.
 */
record UpdatePlan(List<String> rowIds, List<String> titles) {

    UpdatePlan {
        rowIds = List.copyOf(rowIds);
        titles = List.copyOf(titles);
        if (rowIds.isEmpty()) {
            throw new IllegalStateException("the device holds no rows to update");
        }
    }

    /** Reads the device's row ids and generates {@code updates} titles from {@code seed}. */
    static UpdatePlan of(Connection app, long seed, int updates) throws SQLException {
        var ids = new ArrayList<String>();
        try (var st = app.createStatement(); var rs = st.executeQuery("SELECT id FROM todos ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        var generator = new Todos.Generator(new Random(seed));
        var titles = new ArrayList<String>(updates);
        for (int i = 0; i < updates; i++) {
            titles.add(generator.title(""));
        }
        return new UpdatePlan(ids, titles);
    }

    int updates() {
        return titles.size();
    }

    /** The row update {@code i} changes. */
    String rowOf(int i) {
        return rowIds.get(i % rowIds.size());
    }
}
