package dev.synckit.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

class RowStateTest {

    static final UUID DEVICE_A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID DEVICE_B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    static Op upsert(UUID device, long wall, Map<String, JsonNode> fields) {
        return new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT, fields, new Hlc(wall, 0), device, 1);
    }

    static Op delete(UUID device, long wall) {
        return new Op(UUID.randomUUID(), "todos", "r1", OpKind.DELETE, Map.of(), new Hlc(wall, 0), device, 1);
    }

    @Test
    void anUpsertOfANewRowWinsEveryField() {
        var row = RowState.empty("todos", "r1");

        boolean applied = row.apply(upsert(DEVICE_A, 10, Map.of("title", StringNode.valueOf("a"), "done",
                IntNode.valueOf(0))));

        assertThat(applied).isTrue();
        assertThat(row.dirty()).isTrue();
        assertThat(row.visibleFields()).containsOnlyKeys("done", "title").containsEntry("title",
                StringNode.valueOf("a"));
    }

    @Test
    void editsOfDifferentColumnsOfTheSameRowBothSurvive() {
        var row = RowState.empty("todos", "r1");
        row.apply(upsert(DEVICE_A, 10, Map.of("title", StringNode.valueOf("t0"), "done", IntNode.valueOf(0))));

        boolean title = row.apply(upsert(DEVICE_A, 20, Map.of("title", StringNode.valueOf("A"))));
        boolean done = row.apply(upsert(DEVICE_B, 15, Map.of("done", IntNode.valueOf(1))));

        assertThat(title).isTrue();
        assertThat(done).isTrue();
        assertThat(row.visibleFields()).containsEntry("title", StringNode.valueOf("A"))
                .containsEntry("done", IntNode.valueOf(1));
    }

    @Test
    void anOlderWriteToAFieldIsSuperseded() {
        var row = RowState.empty("todos", "r1");
        row.apply(upsert(DEVICE_A, 20, Map.of("title", StringNode.valueOf("new"))));

        boolean applied = row.apply(upsert(DEVICE_B, 10, Map.of("title", StringNode.valueOf("old"))));

        assertThat(applied).isFalse();
        assertThat(row.visibleFields()).containsEntry("title", StringNode.valueOf("new"));
    }

    @Test
    void anUpsertThatWinsOneOfItsFieldsIsApplied() {
        var row = RowState.empty("todos", "r1");
        row.apply(upsert(DEVICE_A, 20, Map.of("title", StringNode.valueOf("new"))));

        boolean applied = row.apply(upsert(DEVICE_B, 10, Map.of("title", StringNode.valueOf("old"), "done",
                IntNode.valueOf(1))));

        assertThat(applied).isTrue();
        assertThat(row.visibleFields()).containsEntry("title", StringNode.valueOf("new"))
                .containsEntry("done", IntNode.valueOf(1));
    }

    @Test
    void equalHlcsAreOrderedByDeviceId() {
        var row = RowState.empty("todos", "r1");
        row.apply(upsert(DEVICE_B, 10, Map.of("title", StringNode.valueOf("from b"))));

        boolean applied = row.apply(upsert(DEVICE_A, 10, Map.of("title", StringNode.valueOf("from a"))));

        assertThat(applied).as("a@A < a@B, so B keeps the field").isFalse();
        assertThat(row.visibleFields()).containsEntry("title", StringNode.valueOf("from b"));
    }

    @Test
    void aDeleteHidesOlderFieldsAndAnOlderDeleteIsSuperseded() {
        var row = RowState.empty("todos", "r1");
        row.apply(upsert(DEVICE_A, 10, Map.of("title", StringNode.valueOf("t"))));

        boolean deleted = row.apply(delete(DEVICE_B, 20));
        boolean olderDelete = row.apply(delete(DEVICE_A, 15));

        assertThat(deleted).isTrue();
        assertThat(olderDelete).isFalse();
        assertThat(row.visible()).isFalse();
        assertThat(row.tombstone()).startsWith(new Hlc(20, 0).encode());
    }

    @Test
    void aWriteOlderThanTheTombstoneIsSupersededAndANewerOneRecreatesTheRow() {
        var row = RowState.empty("todos", "r1");
        row.apply(delete(DEVICE_A, 20));

        boolean older = row.apply(upsert(DEVICE_B, 15, Map.of("title", StringNode.valueOf("late"))));
        boolean newer = row.apply(upsert(DEVICE_B, 25, Map.of("title", StringNode.valueOf("again"))));

        assertThat(older).isFalse();
        assertThat(newer).isTrue();
        assertThat(row.visibleFields()).containsOnlyKeys("title").containsEntry("title",
                StringNode.valueOf("again"));
    }

    @Test
    void aDeleteKeepsFieldsWrittenAfterIt() {
        var row = RowState.empty("todos", "r1");
        row.apply(upsert(DEVICE_A, 30, Map.of("title", StringNode.valueOf("recreated"))));

        boolean applied = row.apply(delete(DEVICE_B, 20));

        assertThat(applied).isTrue();
        assertThat(row.visibleFields()).containsEntry("title", StringNode.valueOf("recreated"));
    }

    @Test
    void theStoredFormRoundTripsIncludingNullValues() {
        var row = RowState.empty("todos", "r1");
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("title", StringNode.valueOf("t"));
        fields.put("note", NullNode.getInstance());
        row.apply(upsert(DEVICE_A, 10, fields));
        row.apply(delete(DEVICE_A, 5));

        var decoded = RowState.decode("todos", "r1", row.tombstone(), row.encodeFields());

        assertThat(decoded.visibleFields()).isEqualTo(row.visibleFields());
        assertThat(decoded.visibleFields().get("note").isNull()).isTrue();
        assertThat(decoded.tombstone()).isEqualTo(row.tombstone());
        assertThat(decoded.dirty()).isFalse();
    }

    @Test
    void theStoredFormKeepsEachClockKeyOnceAndTheMergeStillSeesEveryFieldsOwnClock() {
        var row = RowState.empty("todos", "r1");
        row.apply(upsert(DEVICE_A, 10, Map.of("title", StringNode.valueOf("a"), "done", BooleanNode.FALSE,
                "note", StringNode.valueOf("n"))));
        row.apply(upsert(DEVICE_B, 20, Map.of("done", BooleanNode.TRUE)));
        var stored = row.encodeFields();
        var older = delete(DEVICE_A, 10).clockKey();
        var newer = delete(DEVICE_B, 20).clockKey();

        assertThat(stored).containsOnlyOnce(older).containsOnlyOnce(newer);
        var decoded = RowState.decode("todos", "r1", null, stored);
        assertThat(decoded.apply(upsert(DEVICE_A, 15, Map.of("done", BooleanNode.FALSE)))).isFalse();
        assertThat(decoded.apply(upsert(DEVICE_A, 15, Map.of("title", StringNode.valueOf("b"))))).isTrue();
        assertThat(decoded.visibleFields()).containsExactly(Map.entry("done", BooleanNode.TRUE),
                Map.entry("note", StringNode.valueOf("n")), Map.entry("title", StringNode.valueOf("b")));
    }

    @Test
    void theFirstStoredFormStillDecodes() {
        var clock = delete(DEVICE_A, 10).clockKey();
        var legacy = "{\"done\":[\"" + clock + "\",true],\"title\":[\"" + clock + "\",\"x\"]}";

        var decoded = RowState.decode("todos", "r1", null, legacy);

        assertThat(decoded.visibleFields()).containsExactly(Map.entry("done", BooleanNode.TRUE),
                Map.entry("title", StringNode.valueOf("x")));
        assertThat(decoded.apply(upsert(DEVICE_A, 9, Map.of("title", StringNode.valueOf("older"))))).isFalse();
        assertThat(RowState.decode("todos", "r1", null, decoded.encodeFields()).visibleFields())
                .isEqualTo(decoded.visibleFields());
    }

    @Test
    void aNewRowSetByOneUpsertIsStoredAsItsClockAndTheOpsCanonicalFields() {
        var op = upsert(DEVICE_A, 10, Map.of("title", StringNode.valueOf("t"), "done", BooleanNode.TRUE));
        var canonical = OpCodec.encode(op).fieldsJson();
        var row = RowState.empty("todos", "r1");

        row.apply(op, canonical);

        assertThat(row.encodeFields()).isEqualTo("[[\"" + op.clockKey() + "\"]," + canonical + "]");
        assertThat(RowState.decode("todos", "r1", null, row.encodeFields()).visibleFields())
                .isEqualTo(row.visibleFields());
    }

    @Test
    void aSecondOpOnTheRowLeavesTheShortcutAndEncodesEveryFieldsClock() {
        var first = upsert(DEVICE_A, 10, Map.of("title", StringNode.valueOf("t"), "done", BooleanNode.FALSE));
        var second = upsert(DEVICE_B, 20, Map.of("done", BooleanNode.TRUE));
        var row = RowState.empty("todos", "r1");
        row.apply(first, OpCodec.encode(first).fieldsJson());
        row.apply(second, OpCodec.encode(second).fieldsJson());

        var decoded = RowState.decode("todos", "r1", null, row.encodeFields());

        assertThat(decoded.visibleFields()).isEqualTo(row.visibleFields());
        assertThat(decoded.apply(upsert(DEVICE_A, 15, Map.of("done", BooleanNode.FALSE)))).isFalse();
        assertThat(decoded.apply(upsert(DEVICE_A, 15, Map.of("title", StringNode.valueOf("u"))))).isTrue();
    }
}
