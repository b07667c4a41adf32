package dev.synckit.tests.e2e;

import static dev.synckit.tests.e2e.TwoDevicesConvergeTest.TODOS;
import static dev.synckit.tests.e2e.TwoDevicesConvergeTest.TODOS_DDL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.testkit.TestServer;

/** Changes a device pulls are applied with capture suppressed: they never re-enter its changelog. */
class EchoSuppressionTest {

    @TempDir
    Path dir;

    @Test
    void pulledChangesNeverReEnterTheLocalChangelog() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"))) {
            var key = server.createUserWithKey("frank");
            try (var a = Replica.open(dir.resolve("a.db"), TODOS_DDL, TODOS, server.uri(), key);
                 var b = Replica.open(dir.resolve("b.db"), TODOS_DDL, TODOS, server.uri(), key)) {
                b.engine.sync();
                for (int i = 0; i < 10; i++) {
                    a.exec("INSERT INTO todos (id, title) VALUES (?, ?)", "id" + i, "t" + i);
                }
                a.exec("UPDATE todos SET done = 1 WHERE id = 'id3'");
                a.exec("DELETE FROM todos WHERE id = 'id4'");
                a.engine.sync();

                var pulled = b.engine.sync();
                var again = b.engine.sync();

                assertThat(pulled.applied()).isPositive();
                assertThat(b.count("SELECT count(*) FROM sync_changelog")).isZero();
                assertThat(b.engine.status().pendingChanges()).isZero();
                assertThat(again.pushed() + again.duplicate() + again.superseded()).isZero();
                assertThat(b.rows("todos", "id")).isEqualTo(a.rows("todos", "id")).hasSize(9);
            }
        }
    }
}
