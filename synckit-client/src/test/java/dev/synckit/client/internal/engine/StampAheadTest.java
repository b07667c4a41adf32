package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.internal.store.AppDatabase;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Installer;
import dev.synckit.client.internal.store.Stamper;
import dev.synckit.protocol.Hlc;

class StampAheadTest {

    private static final UUID DEVICE = UUID.fromString("00000000-0000-7000-8000-00000000000a");

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

    private void insertTasks(int from, int to) throws Exception {
        app.exec("WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                + "INSERT INTO tasks (id, title) SELECT 't' || i, 'Task ' || i FROM n", from, to);
    }

    @Test
    void stampsTheBacklogThatExistedAtTheStartChunkByChunkInIdOrder() throws Exception {
        insertTasks(1, 25);
        var stamping = new StampAhead(db, new Stamper(DEVICE), 0, 10);
        insertTasks(26, 30); // written after the push started: left for the next one

        var rounds = new StringBuilder();
        while (stamping.stampMore(db)) {
            rounds.append(app.count("SELECT count(*) FROM sync_changelog WHERE hlc IS NOT NULL")).append(' ');
        }

        assertThat(rounds.toString()).isEqualTo("10 20 25 ");
        assertThat(stamping.stampedUpTo()).isEqualTo(25);
        assertThat(app.count("SELECT count(*) FROM sync_changelog WHERE hlc IS NULL")).isEqualTo(5);
        var clocks = app.rows("SELECT hlc FROM sync_changelog WHERE hlc IS NOT NULL ORDER BY id").stream()
                .map(r -> Hlc.parse((String) r.get("hlc"))).toList();
        assertThat(clocks).as("one clock sequence across chunks").isSorted().doesNotHaveDuplicates();
        assertThat(app.count("SELECT count(*) FROM sync_row_clock")).isEqualTo(25);
        assertThat(stamping.stampMore(db)).isFalse();
    }
}
