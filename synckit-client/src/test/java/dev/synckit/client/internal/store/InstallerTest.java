package dev.synckit.client.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;

class InstallerTest {

    @TempDir
    Path dir;

    private AppDatabase app;
    private Database db;

    @BeforeEach
    void open() throws Exception {
        app = AppDatabase.withFixtureTables(dir.resolve("app.db"));
        db = Database.open(dir.resolve("app.db"), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        app.close();
    }

    @Test
    void installAddsTablesSeededStateAndFourTriggersPerTable() throws Exception {
        boolean installed = Installer.install(db, AppDatabase.fixtureSchema(), 0);

        assertThat(installed).isTrue();
        assertThat(app.count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'synckit_%'"))
                .isEqualTo(12);
        assertThat(app.rows("SELECT key, value FROM sync_state WHERE key IN ('pull_cursor', 'applying_remote',"
                + " 'initial_snapshot_done', 'auto_sync_enabled', 'sync_interval_minutes') ORDER BY key"))
                .extracting(r -> r.get("key") + "=" + r.get("value"))
                .containsExactly("applying_remote=0", "auto_sync_enabled=1", "initial_snapshot_done=1",
                        "pull_cursor=0", "sync_interval_minutes=15");
    }

    @Test
    void theFirstInstallCapturesEveryExistingRowOnceAndTriggersCaptureTheRest() throws Exception {
        app.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Before install')");

        Installer.install(db, AppDatabase.fixtureSchema(), 1234);
        app.exec("INSERT INTO projects (id, name) VALUES ('p2', 'After install')");
        Installer.install(db, AppDatabase.fixtureSchema(), 5678);

        assertThat(app.changelog()).extracting(r -> r.get("op") + " " + r.get("row_id"))
                .containsExactly("INSERT p1", "INSERT p2");
        assertThat(((Number) app.changelog().getFirst().get("timestamp")).longValue()).isEqualTo(1234L);
    }

    @Test
    void installingTheSameDeclarationTwiceIsANoOp() throws Exception {
        Installer.install(db, AppDatabase.fixtureSchema(), 0);
        var triggersBefore = app.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
        app.exec("UPDATE sync_state SET value = '42' WHERE key = 'pull_cursor'");

        boolean installedAgain = Installer.install(db, AppDatabase.fixtureSchema(), 0);

        assertThat(installedAgain).isFalse();
        assertThat(app.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"))
                .isEqualTo(triggersBefore);
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'pull_cursor'")).isEqualTo("42");
    }

    @Test
    void droppedTriggersAreRecreatedOnTheNextInstall() throws Exception {
        Installer.install(db, AppDatabase.fixtureSchema(), 0);
        app.exec("DROP TRIGGER synckit_tasks_update");

        boolean installed = Installer.install(db, AppDatabase.fixtureSchema(), 0);

        assertThat(installed).isTrue();
        assertThat(app.count("SELECT count(*) FROM sqlite_master WHERE name = 'synckit_tasks_update'")).isOne();
    }

    @Test
    void aChangedDeclarationReplacesTriggersAndCapturesNewlyWhitelistedColumnsOfExistingRows() throws Exception {
        var before = SyncSchema.builder().table(TableSpec.builder("projects").columns("name").build()).build();
        Installer.install(db, before, 0);
        app.exec("UPDATE sync_state SET value = '1' WHERE key = 'initial_snapshot_done'");
        app.exec("INSERT INTO projects (id, name, archived) VALUES ('p1', 'Home', 1)");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        app.exec("DELETE FROM sync_changelog");

        var after = SyncSchema.builder()
                .table(TableSpec.builder("projects").columns("name", "archived").build())
                .table(TableSpec.builder("tasks").columns("title").parent("projects").build())
                .build();
        boolean installed = Installer.install(db, after, 1234);

        assertThat(installed).isTrue();
        assertThat(app.changelog()).extracting(r -> r.get("table_name") + " " + r.get("op") + " " + r.get("data"))
                .containsExactly("projects UPDATE {\"archived\":1}", "tasks INSERT {\"title\":\"Dishes\"}");
        app.exec("UPDATE projects SET archived = 0 WHERE id = 'p1'");
        assertThat(app.changelog().getLast().get("data")).isEqualTo("{\"archived\":0}");
    }

    @Test
    void aDeclaredColumnMissingFromTheTableFailsInstallWithItsName() {
        var schema = SyncSchema.builder().table(TableSpec.builder("tasks").columns("title", "colour").build()).build();

        assertThatThrownBy(() -> Installer.install(db, schema, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table tasks has no column colour");
    }

    @Test
    void aMissingTableFailsInstall() {
        var schema = SyncSchema.builder().table(TableSpec.builder("notes").columns("body").build()).build();

        assertThatThrownBy(() -> Installer.install(db, schema, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table notes does not exist in the database");
    }

    @Test
    void aPrimaryKeyWithoutUniquenessFailsInstall() throws Exception {
        app.exec("CREATE TABLE tags (id INTEGER PRIMARY KEY, uuid TEXT, label TEXT)");
        var schema = SyncSchema.builder().table(TableSpec.builder("tags").primaryKey("uuid").columns("label").build())
                .build();

        assertThatThrownBy(() -> Installer.install(db, schema, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be the table's single-column PRIMARY KEY or have a UNIQUE index");
    }

    @Test
    void aUniqueIndexedColumnIsAcceptedAsThePrimaryKey() throws Exception {
        app.exec("CREATE TABLE tags (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, label TEXT)");
        var schema = SyncSchema.builder().table(TableSpec.builder("tags").primaryKey("uuid").columns("label").build())
                .build();

        Installer.install(db, schema, 0);
        app.exec("INSERT INTO tags (uuid, label) VALUES ('u1', 'red')");

        assertThat(app.changelog()).extracting(r -> r.get("row_id")).containsExactly("u1");
    }

    @Test
    void blobColumnsAreRefused() throws Exception {
        app.exec("CREATE TABLE files (id TEXT PRIMARY KEY, content BLOB)");
        var schema = SyncSchema.builder().table(TableSpec.builder("files").columns("content").build()).build();

        assertThatThrownBy(() -> Installer.install(db, schema, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BLOB columns cannot be synced");
    }

    @Test
    void aDatabaseFromANewerSyncKitIsRefused() throws Exception {
        Installer.install(db, AppDatabase.fixtureSchema(), 0);
        app.exec("UPDATE sync_state SET value = '99' WHERE key = 'store_version'");

        assertThatThrownBy(() -> Installer.install(db, AppDatabase.fixtureSchema(), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newer SyncKit (store version 99)");
    }

    @Test
    void aChangelogCreatedByTheSdkGuideGainsTheMissingColumns() throws Exception {
        app.exec("CREATE TABLE sync_changelog (id INTEGER PRIMARY KEY AUTOINCREMENT, table_name TEXT NOT NULL,"
                + " op TEXT NOT NULL, row_id TEXT NOT NULL, timestamp INTEGER NOT NULL, data TEXT,"
                + " pushed INTEGER DEFAULT 0)");

        Installer.install(db, AppDatabase.fixtureSchema(), 0);

        assertThat(app.rows("PRAGMA table_info(sync_changelog)")).extracting(r -> r.get("name"))
                .contains("op_id", "hlc", "pushed_at");
    }
}
