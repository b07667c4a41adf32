package dev.synckit.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;
import dev.synckit.testkit.TestServer;

/** Two devices of one user converge through a real server after adds, updates and deletes. */
class TwoDevicesConvergeTest {

    static final String TODOS_DDL = """
            CREATE TABLE IF NOT EXISTS todos (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',
              done INTEGER NOT NULL DEFAULT 0, project_id TEXT, updated_at INTEGER NOT NULL DEFAULT 0)""";
    static final SyncSchema TODOS = SyncSchema.builder().version(1)
            .table(TableSpec.builder("todos").primaryKey("id")
                    .columns("title", "done", "project_id", "updated_at").build())
            .build();

    static final String PROJECTS_DDL = """
            CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
            CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',
              project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE)""";
    static final SyncSchema PROJECTS = SyncSchema.builder().version(1)
            .table(TableSpec.builder("tasks").primaryKey("id").columns("title", "project_id").parent("projects")
                    .build())
            .table(TableSpec.builder("projects").primaryKey("id").columns("name").build())
            .build();

    @TempDir
    Path dir;
    TestServer server;
    String key;

    @BeforeEach
    void startServer() {
        server = TestServer.start(dir.resolve("server"));
        key = server.createUserWithKey("alice");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Replica replica(String name, String ddl, SyncSchema schema) throws Exception {
        return Replica.open(dir.resolve(name + ".db"), ddl, schema, server.uri(), key);
    }

    @Test
    void addUpdateAndDeleteConvergeOnBothDevices() throws Exception {
        try (var a = replica("a", TODOS_DDL, TODOS); var b = replica("b", TODOS_DDL, TODOS)) {
            for (var title : new String[] {"milk", "bread", "eggs"}) {
                a.exec("INSERT INTO todos (id, title, updated_at) VALUES (?, ?, 1)", title + "-id", title);
            }

            a.engine.sync();
            b.engine.sync();

            assertThat(b.rows("todos", "id")).isEqualTo(a.rows("todos", "id")).hasSize(3);

            b.exec("UPDATE todos SET title = 'oat milk' WHERE id = 'milk-id'");
            a.exec("DELETE FROM todos WHERE id = 'bread-id'");
            a.exec("UPDATE todos SET done = 1 WHERE id = 'eggs-id'");
            b.engine.sync();
            a.engine.sync();
            b.engine.sync();

            assertThat(a.rows("todos", "id")).isEqualTo(b.rows("todos", "id"));
            assertThat(a.rows("todos", "id")).extracting(r -> r.get("id") + ":" + r.get("title") + ":" + r.get("done"))
                    .containsExactly("eggs-id:eggs:1", "milk-id:oat milk:0");
        }
    }

    @Test
    void parentsAndChildrenSyncInForeignKeySafeOrder() throws Exception {
        try (var a = replica("a", PROJECTS_DDL, PROJECTS); var b = replica("b", PROJECTS_DDL, PROJECTS)) {
            var project = UUID.randomUUID().toString();
            a.inTransaction(() -> {
                a.exec("INSERT INTO projects (id, name) VALUES (?, 'home')", project);
                for (int i = 0; i < 5; i++) {
                    a.exec("INSERT INTO tasks (id, title, project_id) VALUES (?, ?, ?)", "t" + i, "task " + i, project);
                }
            });

            a.engine.sync();
            b.engine.sync();

            assertThat(b.rows("projects", "id")).isEqualTo(a.rows("projects", "id")).hasSize(1);
            assertThat(b.rows("tasks", "id")).isEqualTo(a.rows("tasks", "id")).hasSize(5);
            assertThat(b.foreignKeyViolations()).isZero();

            a.exec("DELETE FROM projects WHERE id = ?", project);
            a.engine.sync();
            b.engine.sync();

            assertThat(b.count("SELECT count(*) FROM tasks")).isZero();
            assertThat(b.count("SELECT count(*) FROM projects")).isZero();
            assertThat(b.foreignKeyViolations()).isZero();
        }
    }

    @Test
    void concurrentEditsOfDifferentFieldsBothSurvive() throws Exception {
        try (var a = replica("a", TODOS_DDL, TODOS); var b = replica("b", TODOS_DDL, TODOS)) {
            a.exec("INSERT INTO todos (id, title) VALUES ('x', 'original')");
            a.engine.sync();
            b.engine.sync();

            a.exec("UPDATE todos SET title = 'renamed on a' WHERE id = 'x'");
            b.exec("UPDATE todos SET done = 1 WHERE id = 'x'");
            a.engine.sync();
            b.engine.sync();
            a.engine.sync();

            assertThat(a.rows("todos", "id")).isEqualTo(b.rows("todos", "id"));
            assertThat(a.rows("todos", "id").getFirst()).containsEntry("title", "renamed on a").containsEntry("done", 1);
        }
    }
}
