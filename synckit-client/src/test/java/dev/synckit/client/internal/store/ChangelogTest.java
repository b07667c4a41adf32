package dev.synckit.client.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangelogTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

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

    private void entry(boolean pushed, long pushedAt) throws Exception {
        app.exec("INSERT INTO sync_changelog (table_name, op, row_id, timestamp, data, pushed, pushed_at)"
                + " VALUES ('tasks', 'DELETE', 'x', 0, NULL, ?, ?)", pushed ? 1 : 0, pushed ? pushedAt : null);
    }

    @Test
    void cleanupDeletesPushedEntriesOlderThanTheRetentionOnly() throws Exception {
        entry(true, 1 * DAY);
        entry(true, 9 * DAY);
        entry(false, 0);

        int deleted = db.inTransaction(c -> Changelog.cleanup(c, 2 * DAY, 10_000));

        assertThat(deleted).isOne();
        assertThat(app.changelog()).extracting(r -> r.get("id")).containsExactly(2, 3);
    }

    @Test
    void cleanupKeepsAtMostTheCapOfPushedEntriesAndNeverDeletesUnpushedOnes() throws Exception {
        entry(false, 0);
        for (int i = 0; i < 5; i++) {
            entry(true, 10 * DAY);
        }
        entry(false, 0);

        int deleted = db.inTransaction(c -> Changelog.cleanup(c, 0, 2));

        assertThat(deleted).isEqualTo(3);
        assertThat(app.changelog()).extracting(r -> r.get("id") + ":" + r.get("pushed"))
                .containsExactly("1:0", "5:1", "6:1", "7:0");
    }

    @Test
    void markingARangePushedTouchesOnlyItsStampedUnpushedEntries() throws Exception {
        entry(false, 0);
        entry(true, 5);
        entry(false, 0);
        entry(false, 0);
        entry(false, 0);
        app.exec("UPDATE sync_changelog SET hlc = '1700000000000-00000', op_id = 'x' WHERE id IN (1, 2, 3, 5)");

        int marked = db.inTransaction(c -> Changelog.markPushedRange(c, 2, 4, 777));

        assertThat(marked).as("entry 3 only: 2 was pushed already, 4 is not stamped, 1 and 5 are outside")
                .isOne();
        assertThat(app.changelog()).extracting(r -> r.get("id") + ":" + r.get("pushed"))
                .containsExactly("1:0", "2:1", "3:1", "4:0", "5:0");
        assertThat(app.value("SELECT pushed_at FROM sync_changelog WHERE id = 3")).isEqualTo(777);
    }

    @Test
    void pendingCountIsTheNumberOfUnpushedEntries() throws Exception {
        entry(false, 0);
        entry(true, 0);
        entry(false, 0);

        assertThat(db.read(Changelog::pendingCount)).isEqualTo(2);
    }

    @Test
    void snapshotCopiesEveryExistingRowWithItsWhitelistedColumns() throws Exception {
        app.exec("INSERT INTO projects (id, name) VALUES ('p1', 'Home')");
        app.exec("INSERT INTO accounts (id, email, password) VALUES ('a1', 'me@example.com', 'secret')");
        app.exec("DELETE FROM sync_changelog");

        int rows = db.inTransaction(c -> Changelog.snapshot(c,
                AppDatabase.fixtureSchema().tablesInDependencyOrder(), 777));

        assertThat(rows).isEqualTo(2);
        assertThat(app.changelog()).extracting(r -> r.get("op") + " " + r.get("row_id") + " " + r.get("timestamp")
                        + " " + r.get("data"))
                .containsExactlyInAnyOrder("INSERT p1 777 {\"name\":\"Home\",\"archived\":0}",
                        "INSERT a1 777 {\"email\":\"me@example.com\",\"server\":null}");
    }
}
