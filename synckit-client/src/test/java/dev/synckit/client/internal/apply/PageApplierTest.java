package dev.synckit.client.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.LocalStoreException;
import dev.synckit.client.internal.store.AppDatabase;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Installer;
import dev.synckit.client.internal.store.Stamper;
import dev.synckit.client.internal.transport.PageDecoder;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.SequencedOp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class PageApplierTest {

    private static final UUID LOCAL = UUID.fromString("00000000-0000-7000-8000-00000000000a");
    private static final UUID REMOTE = UUID.fromString("00000000-0000-7000-8000-00000000000b");
    /** Long before any local write of this test run. */
    private static final long PAST = 1_000_000_000_000L;
    /** Long after any local write of this test run (year 2255). */
    private static final long FUTURE = 9_000_000_000_000L;

    @TempDir
    Path dir;

    private AppDatabase app;
    private Database db;
    private final PageApplier applier = new PageApplier(AppDatabase.fixtureSchema(), LOCAL);
    private long seq;

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

    private SequencedOp upsert(String table, String rowId, long wall, Object... fieldsAndValues) {
        return op(table, rowId, OpKind.UPSERT, wall, REMOTE, fieldsAndValues);
    }

    private SequencedOp delete(String table, String rowId, long wall) {
        return op(table, rowId, OpKind.DELETE, wall, REMOTE);
    }

    private SequencedOp op(String table, String rowId, OpKind kind, long wall, UUID device, Object... kv) {
        var fields = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < kv.length; i += 2) {
            var v = kv[i + 1];
            fields.put((String) kv[i], v == null ? JsonNodeFactory.instance.nullNode()
                    : v instanceof Integer n ? JsonNodeFactory.instance.numberNode(n)
                    : JsonNodeFactory.instance.stringNode((String) v));
        }
        var op = new Op(UUID.randomUUID(), table, rowId, kind, fields, new Hlc(wall, 0), device, 1);
        return new SequencedOp(++seq, op);
    }

    private PageApplier.Applied apply(SequencedOp... ops) {
        return applier.apply(db, page(ops), 0);
    }

    /** The page as the engine receives it: encoded as the server would, decoded as the transport does. */
    private static RemotePage page(SequencedOp... ops) {
        var page = new PullPage(List.of(ops), ops.length == 0 ? 0 : ops[ops.length - 1].seq(), false);
        return PageDecoder.decode(ProtocolJson.mapper().writeValueAsBytes(page));
    }

    private Map<String, Object> task(String id) throws Exception {
        return app.rows("SELECT title, done, project_id, local_note FROM tasks WHERE id = ?", id).getFirst();
    }

    @Test
    void remoteChangesApplyWithoutEchoingIntoTheChangelog() throws Exception {
        var applied = apply(upsert("tasks", "t1", PAST, "title", "Remote", "done", 1),
                upsert("tasks", "t1", PAST + 1, "title", "Renamed"),
                upsert("projects", "p1", PAST, "name", "Home"), delete("projects", "p1", PAST + 5));

        assertThat(applied.applied()).isEqualTo(4);
        assertThat(task("t1")).containsEntry("title", "Renamed").containsEntry("done", 1);
        assertThat(app.count("SELECT count(*) FROM projects")).isZero();
        assertThat(app.changelog()).isEmpty();
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'applying_remote'")).isEqualTo("0");
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'pull_cursor'")).isEqualTo("4");
    }

    @Test
    void aNewerRemoteFieldOverwritesAnExistingRowOnlyInItsColumns() throws Exception {
        app.exec("INSERT INTO tasks (id, title, done, local_note) VALUES ('t1', 'Local', 1, 'private')");

        apply(upsert("tasks", "t1", FUTURE, "title", "Remote"));

        assertThat(task("t1")).containsEntry("title", "Remote").containsEntry("done", 1)
                .containsEntry("local_note", "private");
    }

    @Test
    void aPendingLocalEditNewerThanTheRemoteOpSurvivesTheApply() throws Exception {
        app.exec("INSERT INTO tasks (id, title, done) VALUES ('t1', 'Local', 0)");

        var applied = apply(upsert("tasks", "t1", PAST, "title", "Stale", "done", 1));

        assertThat(applied.applied()).isZero();
        assertThat(task("t1")).containsEntry("title", "Local").containsEntry("done", 0);
        assertThat(app.changelog()).singleElement().satisfies(e -> {
            assertThat(e.get("hlc")).as("the pending write was stamped before the merge").isNotNull();
            assertThat(e.get("pushed")).isEqualTo(0);
        });
    }

    @Test
    void concurrentEditsOfDifferentColumnsBothSurvive() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "Original", "done", 0));
        app.exec("UPDATE tasks SET title = 'Local title' WHERE id = 't1'");

        apply(upsert("tasks", "t1", PAST + 10, "done", 1), upsert("tasks", "t1", PAST + 10, "title", "Old remote"));

        assertThat(task("t1")).containsEntry("title", "Local title").containsEntry("done", 1);
    }

    @Test
    void equalClocksFromDifferentDevicesResolveByDeviceId() throws Exception {
        var low = UUID.fromString("00000000-0000-7000-8000-000000000001");
        apply(op("tasks", "t1", OpKind.UPSERT, PAST, REMOTE, "title", "From b"),
                op("tasks", "t1", OpKind.UPSERT, PAST, low, "title", "From 1"));

        assertThat(task("t1")).containsEntry("title", "From b");
    }

    @Test
    void aRemoteDeleteRemovesARowWhoseFieldsAreAllOlderAndItsTombstoneBeatsOlderWrites() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "Doomed"));

        apply(delete("tasks", "t1", PAST + 10));
        var late = apply(upsert("tasks", "t1", PAST + 5, "title", "Delayed"));

        assertThat(app.count("SELECT count(*) FROM tasks")).isZero();
        assertThat(late.applied()).isZero();
        assertThat(app.changelog()).isEmpty();
    }

    @Test
    void aRemoteDeleteKeepsARowWithANewerPendingLocalEdit() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "Shared"));
        app.exec("UPDATE tasks SET done = 1 WHERE id = 't1'");

        var applied = apply(delete("tasks", "t1", PAST + 10));

        assertThat(applied.applied()).isZero();
        assertThat(task("t1")).containsEntry("title", "Shared").containsEntry("done", 1);
        var older = apply(upsert("tasks", "t1", PAST + 5, "title", "Before the delete"));
        assertThat(older.applied()).as("the tombstone still beats older writes").isZero();
    }

    @Test
    void aWriteNewerThanADeleteRecreatesTheRow() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "First"), delete("tasks", "t1", PAST + 10));

        apply(upsert("tasks", "t1", PAST + 20, "title", "Again", "done", 1));

        assertThat(task("t1")).containsEntry("title", "Again").containsEntry("done", 1);
    }

    @Test
    void severalOpsForOneRowInOnePageMergeInSequenceOrder() throws Exception {
        var applied = apply(upsert("tasks", "t1", PAST + 1, "title", "A", "done", 0),
                upsert("tasks", "t1", PAST + 2, "done", 1),
                upsert("tasks", "t1", PAST + 3, "title", "B"),
                upsert("tasks", "t1", PAST, "title", "Oldest, arrives last"));

        assertThat(applied.applied()).isEqualTo(3);
        assertThat(task("t1")).containsEntry("title", "B").containsEntry("done", 1);
    }

    @Test
    void aRowCreatedAndDeletedInOnePageIsNeverWrittenButItsTombstoneStays() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "Short-lived"), delete("tasks", "t1", PAST + 1));

        var late = apply(upsert("tasks", "t1", PAST, "title", "Replayed"));

        assertThat(app.count("SELECT count(*) FROM tasks")).isZero();
        assertThat(late.applied()).isZero();
    }

    @Test
    void aRowDeletedAndRecreatedInOnePageHoldsOnlyTheNewerWrite() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "Old", "done", 1));
        app.exec("UPDATE tasks SET local_note = 'mine' WHERE id = 't1'");

        apply(delete("tasks", "t1", PAST + 10), upsert("tasks", "t1", PAST + 20, "title", "New"));

        assertThat(task("t1")).containsEntry("title", "New").containsEntry("done", 0)
                .containsEntry("local_note", null);
    }

    @Test
    void upsertsApplyParentsFirstAndDeletesChildrenFirstLeavingForeignKeysConsistent() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "Child", "project_id", "p1"),
                upsert("projects", "p1", PAST, "name", "Parent"));
        assertThat(app.rows("PRAGMA foreign_key_check")).isEmpty();
        assertThat(task("t1")).containsEntry("project_id", "p1");

        apply(delete("projects", "p1", PAST + 10), delete("tasks", "t1", PAST + 10));

        assertThat(app.count("SELECT count(*) FROM tasks")).isZero();
        assertThat(app.count("SELECT count(*) FROM projects")).isZero();
        assertThat(app.rows("PRAGMA foreign_key_check")).isEmpty();
        assertThat(app.changelog()).isEmpty();
    }

    @Test
    void aChildWhoseParentArrivesInALaterPageDoesNotFailTheApply() throws Exception {
        apply(upsert("tasks", "t1", PAST, "title", "Orphan for now", "project_id", "p1"));
        assertThat(app.rows("PRAGMA foreign_key_check")).hasSize(1);

        apply(upsert("projects", "p1", PAST, "name", "Late parent"));

        assertThat(app.rows("PRAGMA foreign_key_check")).isEmpty();
    }

    @Test
    void aFailedApplyLeavesNoPartialPageAndTheCursorUnchanged() throws Exception {
        apply(upsert("projects", "p0", PAST, "name", "Before"));
        var tooLong = "x".repeat(200);

        assertThatThrownBy(() -> apply(upsert("projects", "p1", PAST, "name", "Good"),
                upsert("tasks", "t1", PAST, "title", "Good too"),
                upsert("tasks", "t2", PAST, "title", tooLong)))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("CHECK constraint failed")
                .hasMessageNotContaining(tooLong);

        assertThat(app.count("SELECT count(*) FROM tasks")).isZero();
        assertThat(app.rows("SELECT id FROM projects")).extracting(r -> r.get("id")).containsExactly("p0");
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'pull_cursor'")).isEqualTo("1");
        assertThat(app.value("SELECT value FROM sync_state WHERE key = 'applying_remote'")).isEqualTo("0");
        app.exec("INSERT INTO tasks (id, title) VALUES ('t3', 'Local write after the failure')");
        assertThat(app.changelog()).as("capture still works").hasSize(1);
    }

    @Test
    void opsFromThisDeviceAndForUndeclaredTablesOrColumnsAreSkipped() throws Exception {
        app.exec("INSERT INTO accounts (id, email, password) VALUES ('a1', 'me@example.com', 'mine')");
        var own = op("tasks", "t1", OpKind.UPSERT, FUTURE, LOCAL, "title", "Echo of my own write");
        var unknown = upsert("emails", "e1", FUTURE, "subject", "Hi");
        var sneaky = upsert("accounts", "a1", FUTURE, "email", "new@example.com", "password", "stolen");

        var applied = apply(own, unknown, sneaky);

        assertThat(applied.received()).isEqualTo(3);
        assertThat(applied.applied()).isOne();
        assertThat(app.count("SELECT count(*) FROM tasks")).isZero();
        assertThat(app.rows("SELECT email, password FROM accounts").getFirst())
                .containsEntry("email", "new@example.com").containsEntry("password", "mine");
    }

    @Test
    void theDeviceClockMovesPastEveryRemoteClockSoLaterLocalWritesWin() throws Exception {
        apply(upsert("tasks", "t1", FUTURE, "title", "From the future"));
        app.exec("UPDATE tasks SET title = 'Later local edit' WHERE id = 't1'");

        db.inTransaction(c -> new Stamper(LOCAL).stampPending(c, 0));
        apply(upsert("tasks", "t1", FUTURE, "title", "As old as the first remote write"));

        assertThat(Hlc.parse((String) app.changelog().getFirst().get("hlc"))).isGreaterThan(new Hlc(FUTURE, 0));
        assertThat(task("t1")).containsEntry("title", "Later local edit");
    }

    @Test
    void aPageMixingNewRowsUpdatesAndDeletesAppliesEachByTheMergeRule() throws Exception {
        apply(upsert("tasks", "kept", PAST, "title", "Kept", "done", 0), upsert("tasks", "doomed", PAST, "title", "X"),
                upsert("tasks", "stale", PAST + 50, "title", "Newer here"));
        app.exec("INSERT INTO tasks (id, title) VALUES ('mine', 'Local, newer than the page')");

        var applied = apply(upsert("projects", "p1", PAST, "name", "New project", "archived", 0),
                upsert("tasks", "n1", PAST, "title", "New", "done", 1, "project_id", "p1"),
                upsert("tasks", "n2", PAST, "title", "New, some columns"),
                upsert("tasks", "kept", PAST + 10, "done", 1),
                delete("tasks", "doomed", PAST + 10),
                upsert("tasks", "stale", PAST + 10, "title", "Older"),
                delete("tasks", "never-seen", PAST + 10),
                upsert("tasks", "mine", PAST, "title", "Older than the local write"));

        assertThat(applied.applied()).isEqualTo(5);
        assertThat(app.rows("SELECT id, title, done, project_id FROM tasks ORDER BY id"))
                .extracting(r -> (Object) new ArrayList<>(r.values())).containsExactly(
                        Arrays.asList("kept", "Kept", 1, null),
                        Arrays.asList("mine", "Local, newer than the page", 0, null),
                        Arrays.asList("n1", "New", 1, "p1"),
                        Arrays.asList("n2", "New, some columns", 0, null),
                        Arrays.asList("stale", "Newer here", 0, null));
        assertThat(app.value("SELECT name FROM projects WHERE id = 'p1'")).isEqualTo("New project");
        assertThat(applied.changes()).containsOnlyKeys("projects", "tasks");
        assertThat(applied.changes().get("tasks")).extracting(r -> r.rowId() + (r.deleted() ? " deleted" : ""))
                .containsExactly("n1", "n2", "kept", "doomed deleted");
        var late = apply(upsert("tasks", "never-seen", PAST + 5, "title", "Older than its delete"));
        assertThat(late.applied()).as("a delete of a row never seen still leaves its tombstone").isZero();
        assertThat(app.changelog()).as("only the local write").hasSize(1);
    }

    @Test
    void aRowWithoutClocksThatExistsLocallyIsUpdatedOnlyInTheColumnsTheOpCarries() throws Exception {
        // Written with capture suppressed, as if by a tool that bypassed SyncKit: the row has no clocks.
        app.exec("UPDATE sync_state SET value = '1' WHERE key = 'applying_remote'");
        app.exec("INSERT INTO tasks (id, title, done, local_note) VALUES ('t1', 'Untracked', 1, 'private')");
        app.exec("UPDATE sync_state SET value = '0' WHERE key = 'applying_remote'");

        var applied = apply(upsert("tasks", "t1", PAST, "title", "Remote"));

        assertThat(applied.applied()).isOne();
        assertThat(task("t1")).containsEntry("title", "Remote").containsEntry("done", 1)
                .containsEntry("local_note", "private");
    }

    @Test
    void theFastPathForNewRowsGivesTheSameRowsClocksAndEventsAsTheGeneralMerge() throws Exception {
        try (var otherApp = AppDatabase.withFixtureTables(dir.resolve("general.db"));
             var otherDb = Database.open(dir.resolve("general.db"), Duration.ofSeconds(5))) {
            Installer.install(otherDb, AppDatabase.fixtureSchema(), 0);
            var fast = new PageApplier(AppDatabase.fixtureSchema(), LOCAL, true);
            var general = new PageApplier(AppDatabase.fixtureSchema(), LOCAL, false);
            var before = page(upsert("tasks", "old", PAST, "title", "Old", "done", 0),
                    upsert("tasks", "gone", PAST, "title", "Gone"));
            fast.apply(db, before, 0);
            general.apply(otherDb, before, 0);
            for (var a : List.of(app, otherApp)) {
                a.exec("INSERT INTO tasks (id, title) VALUES ('local', 'Pending local write')");
                a.exec("INSERT INTO accounts (id, email, password) VALUES ('a0', 'x@example.com', 'secret')");
            }
            var mixed = page(upsert("projects", "p1", PAST, "name", "P", "archived", 1),
                    upsert("tasks", "full", PAST, "title", "All", "done", 1, "project_id", "p1"),
                    upsert("tasks", "part", PAST, "done", 1),
                    upsert("tasks", "twice", PAST, "title", "First"), upsert("tasks", "twice", PAST + 1, "done", 1),
                    upsert("tasks", "old", PAST + 5, "title", "Renamed"), delete("tasks", "gone", PAST + 5),
                    delete("tasks", "unknown", PAST + 5), upsert("tasks", "local", PAST, "title", "Stale"),
                    upsert("tasks", "odd", PAST, "local_note", "not synced"),
                    upsert("accounts", "a1", PAST, "email", "new@example.com", "password", "stolen"),
                    op("tasks", "echo", OpKind.UPSERT, PAST, LOCAL, "title", "Mine"));

            var viaFast = fast.apply(db, mixed, 0);
            var viaGeneral = general.apply(otherDb, mixed, 0);

            assertThat(viaFast.applied()).isEqualTo(viaGeneral.applied()).isEqualTo(8);
            assertThat(viaFast.changes()).isEqualTo(viaGeneral.changes());
            for (var query : List.of("SELECT * FROM tasks ORDER BY id", "SELECT * FROM projects ORDER BY id",
                    "SELECT * FROM accounts ORDER BY id", "SELECT key, value FROM sync_state WHERE key IN "
                            + "('pull_cursor', 'applying_remote') ORDER BY key")) {
                assertThat(app.rows(query)).as(query).isEqualTo(otherApp.rows(query));
            }
            assertThat(clocks(app)).isEqualTo(clocks(otherApp))
                    .containsKeys("tasks/full", "tasks/part", "tasks/unknown");
        }
    }

    /**
     * Every row's clocks, with the per-column clocks parsed (their JSON text may list columns in any order) and this
     * device's clocks masked (they carry the wall-clock time of the local writes, which differs between databases).
     */
    private static Map<String, List<Object>> clocks(AppDatabase a) throws Exception {
        var out = new LinkedHashMap<String, List<Object>>();
        for (var r : a.rows("SELECT table_name, row_id, base_clock, col_clocks, tombstone FROM sync_row_clock")) {
            var columns = r.get("col_clocks") == null ? Map.of()
                    : ProtocolJson.mapper().readValue((String) r.get("col_clocks"), Map.class);
            var base = (String) r.get("base_clock");
            out.put(r.get("table_name") + "/" + r.get("row_id"), Arrays.asList(
                    base.endsWith("@" + LOCAL) ? "local write" : base, columns, r.get("tombstone")));
        }
        return out;
    }

    @Test
    void integerPrimaryKeysMatchTheirTextRowIds() throws Exception {
        app.exec("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER, label TEXT)");
        var schema = dev.synckit.client.SyncSchema.builder()
                .table(dev.synckit.client.TableSpec.builder("counters").columns("n", "label").build()).build();
        Installer.install(db, schema, 0);
        app.exec("INSERT INTO counters (id, n, label) VALUES (42, 1, 'local')");
        var counters = new PageApplier(schema, LOCAL);

        counters.apply(db, page(upsert("counters", "42", FUTURE, "n", 2), upsert("counters", "7", FUTURE, "n", 3)), 0);

        assertThat(app.rows("SELECT id, n, label FROM counters ORDER BY id"))
                .extracting(r -> (Object) new ArrayList<>(r.values()))
                .containsExactly(Arrays.asList(7, 3, null), List.of(42, 2, "local"));
    }
}
