package dev.synckit.client.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.Hlc;

class StamperTest {

    private static final UUID DEVICE = UUID.fromString("00000000-0000-7000-8000-00000000000a");

    @TempDir
    Path dir;

    private AppDatabase app;
    private Database db;
    private final Stamper stamper = new Stamper(DEVICE);

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
    void stampingIsStableAcrossRetries() throws Exception {
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        app.exec("UPDATE tasks SET done = 1 WHERE id = 't1'");
        db.inTransaction(c -> stamper.stampPending(c, 0));
        var first = app.changelog();

        var again = db.inTransaction(c -> stamper.stampPending(c, 0));

        assertThat(again.count()).isZero();
        assertThat(app.changelog()).isEqualTo(first);
        assertThat(first).allSatisfy(r -> {
            assertThat(r.get("op_id")).isNotNull();
            assertThat(UUID.fromString((String) r.get("op_id")).version()).isEqualTo(7);
            assertThat(r.get("hlc")).isNotNull();
        });
    }

    @Test
    void clocksGrowInIdOrderEvenWhenCaptureTimestampsGoBackwards() throws Exception {
        for (long ts : new long[] {5_000, 3_000, 3_000, 9_000}) {
            app.exec("INSERT INTO sync_changelog (table_name, op, row_id, timestamp, data) VALUES"
                    + " ('tasks', 'UPDATE', 't1', ?, '{\"title\":\"x\"}')", ts);
        }

        var stamped = db.inTransaction(c -> stamper.stampPending(c, 0));

        assertThat(app.changelog()).extracting(r -> r.get("hlc")).containsExactly(
                "0000000005000-00000", "0000000005000-00001", "0000000005000-00002", "0000000009000-00000");
        assertThat(stamped.clock()).isEqualTo(Hlc.parse("0000000009000-00000"));
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'hlc_last'")).isEqualTo("0000000009000-00000");
    }

    @Test
    void stampingRecordsEachWritesClockInTheRowClockTable() throws Exception {
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        app.exec("UPDATE tasks SET done = 1 WHERE id = 't1'");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t2', 'Laundry')");
        app.exec("DELETE FROM tasks WHERE id = 't2'");

        db.inTransaction(c -> stamper.stampPending(c, 0));

        var log = app.changelog();
        var t1 = db.read(c -> new RowClocks(c).find("tasks", "t1"));
        assertThat(t1.base()).isEqualTo(log.get(0).get("hlc") + "@" + DEVICE);
        assertThat(t1.clockOf("done")).isEqualTo(log.get(1).get("hlc") + "@" + DEVICE);
        assertThat(t1.clockOf("title")).isEqualTo(t1.base());
        var t2 = db.read(c -> new RowClocks(c).find("tasks", "t2"));
        assertThat(t2.tombstone()).isEqualTo(log.get(3).get("hlc") + "@" + DEVICE);
        assertThat(t2.base()).isEmpty();
    }

    @Test
    void restampMovesPastTheFloorWithNewOpIdsAndMovesTheRowClocksAlong() throws Exception {
        app.exec("INSERT INTO tasks (id, title) VALUES ('t1', 'Dishes')");
        db.inTransaction(c -> stamper.stampPending(c, 0));
        var entries = db.read(c -> Changelog.unpushed(c, 0, 10));
        var floor = Hlc.parse("9000000000000-00007");

        var restamped = db.inTransaction(c -> stamper.restamp(c, entries, floor));

        assertThat(restamped).hasSize(1);
        assertThat(Hlc.parse(restamped.getFirst().hlc())).isGreaterThan(floor);
        assertThat(restamped.getFirst().opId()).isNotEqualTo(entries.getFirst().opId());
        assertThat(app.changelog().getFirst().get("hlc")).isEqualTo(restamped.getFirst().hlc());
        assertThat(db.read(c -> new RowClocks(c).find("tasks", "t1")).base())
                .isEqualTo(restamped.getFirst().hlc() + "@" + DEVICE);
        assertThat(Stamper.loadClock(app.connection()))
                .isEqualTo(Hlc.parse(restamped.getFirst().hlc()));
    }

    @Test
    void theColumnsOfACapturedRowAreItsTopLevelNamesInOrder() {
        assertThat(Stamper.columnsOf("{\"title\":\"x\",\"meta\":{\"a\":[1,{\"b\":2}]},\"done\":1,\"note\":null}"))
                .containsExactly("title", "meta", "done", "note");
        assertThat(Stamper.columnsOf("{}")).isEmpty();
        assertThat(Stamper.columnsOf(null)).isEmpty();
    }

    @Test
    void textThatIsNotOneJsonObjectHasNoColumns() {
        assertThat(Stamper.columnsOf("{\"title\":\"x\"")).isEmpty();
        assertThat(Stamper.columnsOf("{\"title\":\"x\"} {\"done\":1}")).isEmpty();
        assertThat(Stamper.columnsOf("[\"title\"]")).isEmpty();
        assertThat(Stamper.columnsOf("not json")).isEmpty();
    }
}
