package dev.synckit.client.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

class TriggerCaptureTest {

    @TempDir
    Path dir;

    private AppDatabase app;
    private Database db;

    @BeforeEach
    void install() throws Exception {
        app = AppDatabase.withFixtureTables(dir.resolve("app.db"));
        db = Database.open(dir.resolve("app.db"), Duration.ofSeconds(5));
        Installer.install(db, AppDatabase.fixtureSchema(), 0);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        app.close();
    }

    @Test
    void onlyWhitelistedColumnsAreCapturedSoAPasswordNeverEntersTheChangelog() throws Exception {
        app.exec("INSERT INTO accounts (id, email, server, password)"
                + " VALUES ('a1', 'me@example.com', 'imap', 'hunter2')");
        app.exec("UPDATE accounts SET password = 'correct horse', server = 'smtp' WHERE id = 'a1'");

        var log = app.changelog();

        assertThat(log).extracting(r -> r.get("data"))
                .containsExactly("{\"email\":\"me@example.com\",\"server\":\"imap\"}", "{\"server\":\"smtp\"}");
        assertThat(log).allSatisfy(r -> assertThat((String) r.get("data")).doesNotContain("password", "hunter2",
                "correct horse"));
    }

    @Test
    void insertCapturesTheRowIdTimestampAndEveryWhitelistedColumn() throws Exception {
        long before = System.currentTimeMillis();
        app.exec("INSERT INTO tasks (id, title, done, local_note) VALUES ('t1', 'Dishes', 0, 'private')");
        long after = System.currentTimeMillis();

        var entry = app.changelog().getFirst();

        assertThat(entry.get("table_name")).isEqualTo("tasks");
        assertThat(entry.get("op")).isEqualTo("INSERT");
        assertThat(entry.get("row_id")).isEqualTo("t1");
        assertThat(((Number) entry.get("timestamp")).longValue()).isBetween(before - 1, after + 1);
        assertThat(entry.get("data")).isEqualTo("{\"title\":\"Dishes\",\"done\":0,\"project_id\":null}");
        assertThat(entry.get("pushed")).isEqualTo(0);
        assertThat(entry.get("hlc")).isNull();
    }

    @Test
    void updateCapturesOnlyTheColumnsThatChanged() throws Exception {
        app.exec("INSERT INTO tasks (id, title, done) VALUES ('t1', 'Dishes', 0)");

        app.exec("UPDATE tasks SET title = 'Dishes', done = 1, project_id = NULL WHERE id = 't1'");

        assertThat(app.changelog().getLast().get("op")).isEqualTo("UPDATE");
        assertThat(app.changelog().getLast().get("data")).isEqualTo("{\"done\":1}");
    }

    @Test
    void updateFromNullToAValueIsCaptured() throws Exception {
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', NULL)");

        app.exec("UPDATE tasks SET title = 'Named' WHERE id = 't1'");

        assertThat(app.changelog().getLast().get("data")).isEqualTo("{\"title\":\"Named\"}");
    }

    @Test
    void updateOfOnlyANonWhitelistedColumnCapturesNothing() throws Exception {
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        app.exec("INSERT INTO accounts (id, email, password) VALUES ('a1', 'me@example.com', 'old')");

        app.exec("UPDATE tasks SET local_note = 'mine' WHERE id = 't1'");
        app.exec("UPDATE accounts SET password = 'new' WHERE id = 'a1'");
        app.exec("UPDATE tasks SET title = title WHERE id = 't1'");

        assertThat(app.changelog()).hasSize(2);
    }

    @Test
    void deleteCapturesTheRowIdWithoutData() throws Exception {
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");

        app.exec("DELETE FROM tasks WHERE id = 't1'");

        var entry = app.changelog().getLast();
        assertThat(entry.get("op")).isEqualTo("DELETE");
        assertThat(entry.get("row_id")).isEqualTo("t1");
        assertThat(entry.get("data")).isNull();
    }

    @Test
    void aCascadingDeleteCapturesTheChildrenToo() throws Exception {
        app.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Home')");
        app.exec("INSERT INTO tasks (id, title, project_id) VALUES ('t1', 'Dishes', 'p1')");

        app.exec("DELETE FROM projects WHERE id = 'p1'");

        assertThat(app.changelog()).extracting(r -> r.get("table_name") + " " + r.get("op"))
                .containsExactly("projects INSERT", "tasks INSERT", "tasks DELETE", "projects DELETE");
    }

    @Test
    void changingThePrimaryKeyIsCapturedAsADeleteAndAnInsert() throws Exception {
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");

        app.exec("UPDATE tasks SET id = 't2' WHERE id = 't1'");

        assertThat(app.changelog()).extracting(r -> r.get("op") + " " + r.get("row_id") + " " + r.get("data"))
                .containsExactly("INSERT t1 {\"title\":\"Dishes\",\"done\":0,\"project_id\":null}",
                        "DELETE t1 null",
                        "INSERT t2 {\"title\":\"Dishes\",\"done\":0,\"project_id\":null}");
    }

    @Test
    void writesWhileApplyingRemoteAreNotCaptured() throws Exception {
        var c = app.connection();
        c.setAutoCommit(false);
        app.exec("UPDATE sync_state SET value = '1' WHERE key = 'applying_remote'");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'From elsewhere')");
        app.exec("UPDATE sync_state SET value = '0' WHERE key = 'applying_remote'");
        c.commit();
        c.setAutoCommit(true);

        app.exec("UPDATE tasks SET title = 'Mine' WHERE id = 't1'");

        assertThat(app.changelog()).extracting(r -> r.get("op")).containsExactly("UPDATE");
    }

    @Test
    void rowsWithoutAPrimaryKeyValueAreNotCapturedAndDoNotFailTheAppsWrite() throws Exception {
        app.exec("CREATE TABLE notes (id TEXT UNIQUE, body TEXT)");
        Installer.install(db, SyncSchema.builder().table(TableSpec.builder("notes").columns("body").build()).build(),
                0);

        app.exec("INSERT INTO notes (id, body) VALUES (NULL, 'scratch')");

        assertThat(app.count("SELECT count(*) FROM notes")).isOne();
        assertThat(app.changelog()).isEmpty();
    }

    @Test
    void integerPrimaryKeysAreCapturedAsText() throws Exception {
        app.exec("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER)");
        Installer.install(db, SyncSchema.builder().table(TableSpec.builder("counters").columns("n").build()).build(),
                0);

        app.exec("INSERT INTO counters (n) VALUES (7)");

        assertThat(app.changelog().getFirst().get("row_id")).isEqualTo("1");
    }

    @Test
    void wideTablesBeyondSqlitesFunctionArgumentLimitAreCaptured() throws Exception {
        var columns = IntStream.range(0, 130).mapToObj(i -> "c" + i).toList();
        var ddl = new ArrayList<String>();
        columns.forEach(col -> ddl.add(col + " INTEGER"));
        app.exec("CREATE TABLE wide (id TEXT PRIMARY KEY, " + String.join(", ", ddl) + ")");
        Installer.install(db, SyncSchema.builder()
                .table(TableSpec.builder("wide").columns(columns.toArray(String[]::new)).build()).build(), 0);

        app.exec("INSERT INTO wide (id, c0, c129) VALUES ('w', 1, 2)");
        app.exec("UPDATE wide SET c70 = 3, c129 = 4 WHERE id = 'w'");

        var log = app.changelog();
        assertThat((String) log.getFirst().get("data")).contains("\"c0\":1", "\"c64\":null", "\"c129\":2");
        assertThat(log.getLast().get("data")).isEqualTo("{\"c70\":3,\"c129\":4}");
    }
}
