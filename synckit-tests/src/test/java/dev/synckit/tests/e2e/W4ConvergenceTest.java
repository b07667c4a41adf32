package dev.synckit.tests.e2e;

import static dev.synckit.tests.e2e.TwoDevicesConvergeTest.TODOS;
import static dev.synckit.tests.e2e.TwoDevicesConvergeTest.TODOS_DDL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.testkit.TestServer;

/**
 * The W4 convergence workload of BENCHMARKS.md as a test: 1,000 rows, concurrent offline edits on two devices,
 * field-level merge keeps 1,900 of 2,000 edits and every replica (A, B, the server's materialized view) is
 * identical.
 */
class W4ConvergenceTest {

    static final int ROWS = 1000;
    static final int BOTH_TITLE = 100;

    @TempDir
    Path dir;

    @Test
    void fieldLevelMergeKeeps1900Of2000EditsAndReplicasAreIdentical() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"))) {
            var key = server.createUserWithKey("w4");
            try (var a = Replica.open(dir.resolve("a.db"), TODOS_DDL, TODOS, server.uri(), key);
                 var b = Replica.open(dir.resolve("b.db"), TODOS_DDL, TODOS, server.uri(), key)) {
                var rnd = new Random(4);
                var projects = java.util.stream.IntStream.range(0, 10).mapToObj(i -> UUID.randomUUID().toString())
                        .toList();
                var ids = new String[ROWS];
                a.inTransaction(() -> {
                    for (int i = 0; i < ROWS; i++) {
                        ids[i] = UUID.randomUUID().toString();
                        a.exec("INSERT INTO todos (id, title, done, project_id, updated_at) VALUES (?, ?, ?, ?, ?)",
                                ids[i], "T" + i, rnd.nextInt(2), projects.get(rnd.nextInt(10)), 1_000L + i);
                    }
                });
                a.engine.sync();
                b.engine.sync();
                assertThat(b.rows("todos", "id")).isEqualTo(a.rows("todos", "id"));
                var before = byId(a.rows("todos", "id"));

                a.inTransaction(() -> {
                    for (int i = 0; i < ROWS; i++) {
                        a.exec("UPDATE todos SET title = ?, updated_at = ? WHERE id = ?", "A" + i, 2_000L + i, ids[i]);
                    }
                });
                b.inTransaction(() -> {
                    for (int i = 0; i < ROWS - BOTH_TITLE; i++) {
                        b.exec("UPDATE todos SET done = 1 - done WHERE id = ?", ids[i]);
                    }
                    for (int i = ROWS - BOTH_TITLE; i < ROWS; i++) {
                        b.exec("UPDATE todos SET title = ? WHERE id = ?", "B" + i, ids[i]);
                    }
                });
                a.engine.sync();
                b.engine.sync();
                a.engine.sync();
                b.engine.sync();

                var rowsA = a.rows("todos", "id");
                assertThat(b.rows("todos", "id")).isEqualTo(rowsA);
                var serverView = server.server().materializedRows(
                        a.engine.status().spaceId().orElseThrow(), "todos");
                assertThat(serverView).hasSize(ROWS);
                for (var row : rowsA) {
                    var fields = serverView.get((String) row.get("id"));
                    assertThat(fields.get("title").asString()).isEqualTo(row.get("title"));
                    assertThat(fields.get("done").asInt()).isEqualTo(row.get("done"));
                    assertThat(fields.get("updated_at").asLong()).isEqualTo(((Number) row.get("updated_at")).longValue());
                }

                var after = byId(rowsA);
                int visible = 0;
                int bothEdits = 0;
                for (int i = 0; i < ROWS; i++) {
                    var was = before.get(ids[i]);
                    var now = after.get(ids[i]);
                    boolean aTitle = now.get("title").equals("A" + i);
                    boolean bTitle = now.get("title").equals("B" + i);
                    boolean bDone = !now.get("done").equals(was.get("done"));
                    visible += (aTitle ? 1 : 0) + (bTitle ? 1 : 0) + (bDone ? 1 : 0);
                    if (i < ROWS - BOTH_TITLE && aTitle && bDone) {
                        bothEdits++;
                    }
                    if (i >= ROWS - BOTH_TITLE) {
                        assertThat(aTitle || bTitle).as("row %d shows one of the two titles", i).isTrue();
                    }
                }
                assertThat(bothEdits).isEqualTo(ROWS - BOTH_TITLE);
                assertThat(visible).isEqualTo(2 * (ROWS - BOTH_TITLE) + BOTH_TITLE);
            }
        }
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> rows) {
        var out = new HashMap<String, Map<String, Object>>();
        rows.forEach(r -> out.put((String) r.get("id"), r));
        return out;
    }
}
