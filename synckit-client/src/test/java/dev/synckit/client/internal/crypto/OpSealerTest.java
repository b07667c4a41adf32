package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.databind.JsonNode;

class OpSealerTest {

    private static final UUID SPACE = UUID.fromString("eb5b7975-6f86-4796-851e-83d5f089c32e");
    private static final UUID OTHER_SPACE = UUID.fromString("0c6e1d2f-3b4a-4c5d-8e9f-a0b1c2d3e4f5");
    private static final UUID DEVICE = UUID.fromString("9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b");
    private static final Hlc HLC = Hlc.parse("1732320000123-00002");

    private final OpSealer sealer = OpSealer.create(MasterKey.generate(new FixedRandom(1)));

    @AfterEach
    void close() {
        sealer.close();
    }

    /**
     * Envelope version 1 of docs/ENCRYPTION.md, sealed with master key 00..1f: an upsert and a delete of one row. An
     * independent implementation of the document (Python, {@code cryptography}) opens both. Upserts are sealed in
     * version 2 now ({@link OpSealerVersionTwoTest}); a version-1 upsert must still open, and a delete, the same in
     * both versions, must still seal to these bytes.
     */
    private static final String GOLDEN_UPSERT = """
            {"op_id":"01936a2e-7b40-7c3d-9f1a-2b3c4d5e6f70","table":"e1_9a15de1e932d7825c5f2205abc67d889","row_id":"\
            -EVTo5BMn6DLGgaKE9C-BJEqtmjG6JLhTNZuNXq3o84GeFUlqTjVARypjpCyGYwGC9aODR7eQo69wDnkAOE053bq1F8S6p4vKwSHfQ",\
            "kind":"upsert","fields":{"c_0e8aa2c0d7952a42de36b887bfde514f":"CXqQuir7j-pcK0vE3Lp6sj5dKnnpvX5j0jaHjs8Q\
            JygqCr8B8XG8opcoAn08TfjG94uhn2XNM2nzK0RT","c_abc105f968194982f2fc93425d3c6d7f":"fMB_Md933BZI6keKRdAyY4JU\
            w0wAPF388P1b7DUTXA0glQR6UiyFAuHDVYI"},"hlc":"1732320000123-00002","device_id":"9b2f4c1e-3a5d-4e6f-8a7b-1\
            c2d3e4f5a6b","schema_version":1}""";
    private static final String GOLDEN_DELETE = """
            {"op_id":"01936a2e-7b41-7e0f-8c22-5a6b7c8d9e0f","table":"e1_9a15de1e932d7825c5f2205abc67d889","row_id":"\
            -EVTo5BMn6DLGgaKE9C-BJEqtmjG6JLhTNZuNXq3o84GeFUlqTjVARypjpCyGYwGC9aODR7eQo69wDnkAOE053bq1F8S6p4vKwSHfQ",\
            "kind":"delete","fields":{},"hlc":"1732320000124-00000","device_id":"9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6\
            b","schema_version":1}""";

    @Test
    void theVersionOneGoldenUpsertStillOpensAndADeleteStillSealsToItsBytes() {
        var golden = OpSealer.create(MasterKey.of(HexFormat.of().parseHex(KeyBlobTest.GOLDEN_MASTER_KEY)));
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("title", json("\"Buy oat milk\""));
        fields.put("done", json("false"));
        var row = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
        var upsert = new Op(UUID.fromString("01936a2e-7b40-7c3d-9f1a-2b3c4d5e6f70"), "todos", row, OpKind.UPSERT,
                fields, HLC, DEVICE, 1, null);
        var delete = new Op(UUID.fromString("01936a2e-7b41-7e0f-8c22-5a6b7c8d9e0f"), "todos", row, OpKind.DELETE,
                Map.of(), Hlc.parse("1732320000124-00000"), DEVICE, 1, null);

        assertThat(ProtocolJson.mapper().writeValueAsString(golden.seal(SPACE, delete))).isEqualTo(GOLDEN_DELETE);
        assertSameOp(golden.open(SPACE, ProtocolJson.mapper().readValue(GOLDEN_UPSERT, Op.class)), upsert);
    }

    @Test
    void anUpsertOpensToTheOpThatWasSealed() {
        var plain = upsert("groceries", "row-7f3a", Map.of("title", json("\"Buy oat milk\""), "qty", json("2"),
                "done", json("false"), "note", json("null")));

        var opened = sealer.open(SPACE, sealer.seal(SPACE, plain));

        assertSameOp(opened, plain);
    }

    @Test
    void aDeleteCarriesItsTableAndRowSealed() {
        var plain = new Op(UUID.randomUUID(), "groceries", "row-7f3a", OpKind.DELETE, Map.of(), HLC, DEVICE, 3, null);

        var sealed = sealer.seal(SPACE, plain);
        var opened = sealer.open(SPACE, sealed);

        assertThat(sealed.fields()).isEmpty();
        assertThat(sealed.table()).matches("e1_[0-9a-f]{32}");
        assertThat(sealed.rowId()).doesNotContain("row-7f3a");
        assertSameOp(opened, plain);
    }

    @Test
    void theClearPartsOfAnOpStayClear() {
        var plain = new Op(UUID.randomUUID(), "groceries", "r1", OpKind.UPSERT, Map.of("title", json("\"x\"")), HLC,
                DEVICE, 4, 17L);

        var sealed = sealer.seal(SPACE, plain);

        assertThat(sealed.opId()).isEqualTo(plain.opId());
        assertThat(sealed.kind()).isEqualTo(plain.kind());
        assertThat(sealed.hlc()).isEqualTo(plain.hlc());
        assertThat(sealed.deviceId()).isEqualTo(plain.deviceId());
        assertThat(sealed.schemaVersion()).isEqualTo(4);
        assertThat(sealed.baseVersion()).isEqualTo(17L);
    }

    @Test
    void aSealedOpContainsNoneOfThePlaintextNamesOrValues() {
        var plain = upsert("groceries_list", "row-c0ffee-4242",
                Map.of("secret_note", json("\"meet at the old mill\""), "amount_cents", json("31337424242"),
                        "nested_payload", json("{\"kind\":\"surprise\",\"tags\":[\"birthday\"]}")));

        var wire = ProtocolJson.mapper().writeValueAsString(sealer.seal(SPACE, plain));

        for (var plaintext : new String[] {"groceries", "c0ffee", "secret_note", "meet at the old mill",
                "31337424242", "amount_cents", "nested_payload", "surprise", "birthday", "tags"}) {
            assertThat(wire).as("sealed op JSON").doesNotContainIgnoringCase(plaintext);
        }
    }

    @Test
    void sealingIsDeterministicSoARetriedPushIsIdentical() {
        var plain = upsert("groceries", "r1", Map.of("title", json("\"x\""), "qty", json("3")));
        var otherDevicesSealer = OpSealer.create(MasterKey.generate(new FixedRandom(1)));

        var first = sealer.seal(SPACE, plain);
        var again = sealer.seal(SPACE, plain);
        var elsewhere = otherDevicesSealer.seal(SPACE, plain);

        assertThat(again).isEqualTo(first);
        assertThat(elsewhere).isEqualTo(first);
    }

    @Test
    void opsOfOneRowShareTheirHashedIdentityAndOtherRowsDoNot() {
        var a1 = sealer.seal(SPACE, upsert("groceries", "a", Map.of("title", json("\"1\""))));
        var a2 = sealer.seal(SPACE, upsert("groceries", "a", Map.of("qty", json("2"))));
        var b = sealer.seal(SPACE, upsert("groceries", "b", Map.of("title", json("\"1\""))));
        var delete = sealer.seal(SPACE, new Op(UUID.randomUUID(), "groceries", "a", OpKind.DELETE, Map.of(), HLC,
                DEVICE, 1, null));

        assertThat(a2.table()).isEqualTo(a1.table());
        assertThat(a2.rowId()).isEqualTo(a1.rowId());
        assertThat(delete.rowId()).isEqualTo(a1.rowId());
        assertThat(b.rowId()).isNotEqualTo(a1.rowId());
        assertThat(b.fields().keySet()).isEqualTo(a1.fields().keySet());
    }

    @Test
    void hashesDifferAcrossSpacesAndAnOpDoesNotOpenInAnotherSpace() {
        var plain = upsert("groceries", "r1", Map.of("title", json("\"x\"")));

        var inSpace = sealer.seal(SPACE, plain);
        var inOther = sealer.seal(OTHER_SPACE, plain);

        assertThat(inOther.table()).isNotEqualTo(inSpace.table());
        assertThat(inOther.rowId()).isNotEqualTo(inSpace.rowId());
        assertThat(inOther.fields().keySet()).filteredOn(name -> name.startsWith("c_"))
                .hasSize(1).doesNotContainAnyElementsOf(inSpace.fields().keySet());
        assertTampered(() -> sealer.open(OTHER_SPACE, inSpace));
    }

    @Test
    void aValueSwappedBetweenTwoRowsIsRejected() {
        var opId = UUID.randomUUID();
        var rowA = sealer.seal(SPACE, withId(opId, upsert("accounts", "alice", Map.of("balance", json("10")))));
        var rowB = sealer.seal(SPACE, withId(opId, upsert("accounts", "bob", Map.of("balance", json("1000000")))));

        var forged = new Op(opId, rowA.table(), rowA.rowId(), OpKind.UPSERT, rowB.fields(), HLC, DEVICE, 1, null);

        assertTampered(() -> sealer.open(SPACE, forged));
    }

    @Test
    void aValueMovedToAnotherColumnIsRejected() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("display_name", json("\"Al\""),
                "role", json("\"viewer\""))));
        var keys = sealed.fields().keySet().toArray(String[]::new);
        var swapped = new LinkedHashMap<String, JsonNode>();
        swapped.put(keys[0], sealed.fields().get(keys[1]));
        swapped.put(keys[1], sealed.fields().get(keys[0]));

        var forged = new Op(sealed.opId(), sealed.table(), sealed.rowId(), OpKind.UPSERT, swapped, HLC, DEVICE, 1,
                null);

        assertTampered(() -> sealer.open(SPACE, forged));
    }

    @Test
    void aVersionOneValueStillOpensWhenTheServerRedeliversItsWriteAsAnotherOpWithTheSameClock() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", widest()));
        var column = sealed.fields().keySet().iterator().next();

        // What a compacted log or a row-based snapshot can deliver: one surviving field with its write's clock key.
        var compacted = new Op(UUID.randomUUID(), sealed.table(), sealed.rowId(), OpKind.UPSERT,
                Map.of(column, sealed.fields().get(column)), HLC, DEVICE, 2, null);

        assertThat(sealer.open(SPACE, compacted).fields()).hasSize(1);
    }

    @Test
    void aValueReplayedInAnOpWithANewerClockIsRejected() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("role", json("\"admin\""))));

        var restamped = new Op(UUID.randomUUID(), sealed.table(), sealed.rowId(), OpKind.UPSERT, sealed.fields(),
                Hlc.parse("1832320000123-00000"), DEVICE, 1, null);
        var otherDevice = new Op(UUID.randomUUID(), sealed.table(), sealed.rowId(), OpKind.UPSERT, sealed.fields(),
                HLC, UUID.fromString("ffffffff-3a5d-4e6f-8a7b-1c2d3e4f5a6b"), 1, null);

        assertTampered(() -> sealer.open(SPACE, restamped));
        assertTampered(() -> sealer.open(SPACE, otherDevice));
    }

    @Test
    void aRowMovedToAnotherTableIsRejected() {
        var users = sealer.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"x\""))));
        var admins = sealer.seal(SPACE, upsert("admins", "u2", Map.of("name", json("\"y\""))));

        var moved = new Op(users.opId(), admins.table(), users.rowId(), OpKind.DELETE, Map.of(), HLC, DEVICE, 1, null);

        assertTampered(() -> sealer.open(SPACE, moved));
    }

    @Test
    void aTamperedCiphertextIsRejected() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"Alice\""))));
        var fields = new LinkedHashMap<>(sealed.fields());
        var text = fields.get(FieldSetCipher.FIELD).stringValue();
        var flipped = text.substring(0, 20) + (text.charAt(20) == 'A' ? 'B' : 'A') + text.substring(21);
        fields.put(FieldSetCipher.FIELD, ProtocolJson.mapper().getNodeFactory().stringNode(flipped));

        var forged = new Op(sealed.opId(), sealed.table(), sealed.rowId(), OpKind.UPSERT, fields, HLC, DEVICE, 1,
                null);

        assertTampered(() -> sealer.open(SPACE, forged));
    }

    @Test
    void aTamperedRowIdIsRejected() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"Alice\""))));
        var rowId = sealed.rowId();
        var flipped = rowId.substring(0, 10) + (rowId.charAt(10) == 'A' ? 'B' : 'A') + rowId.substring(11);

        var forged = new Op(sealed.opId(), sealed.table(), flipped, OpKind.UPSERT, sealed.fields(), HLC, DEVICE, 1,
                null);

        assertTampered(() -> sealer.open(SPACE, forged));
    }

    @Test
    void anOpSealedUnderAnotherKeyIsRejected() {
        var stranger = OpSealer.create(MasterKey.generate(new FixedRandom(99)));

        var sealed = stranger.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"x\""))));

        assertTampered(() -> sealer.open(SPACE, sealed));
    }

    @Test
    void aPlaintextOpInAnEncryptedSpaceIsRejectedAndANewerEnvelopeIsUnsupported() {
        var plain = upsert("users", "u1", Map.of("name", json("\"x\"")));
        var newer = new Op(plain.opId(), "e2_" + "0".repeat(32), "r", OpKind.DELETE, Map.of(), HLC, DEVICE, 1, null);

        assertTampered(() -> sealer.open(SPACE, plain));
        assertThatThrownBy(() -> sealer.open(SPACE, newer)).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.UNSUPPORTED_FORMAT));
        assertThat(OpSealer.looksSealed(plain.table())).isFalse();
        assertThat(OpSealer.looksSealed(sealer.seal(SPACE, plain).table())).isTrue();
    }

    @Test
    void aFieldThatIsNotASealedStringIsRejected() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"x\""))));
        var column = sealed.fields().keySet().iterator().next();

        var forged = new Op(sealed.opId(), sealed.table(), sealed.rowId(), OpKind.UPSERT, Map.of(column, json("42")),
                HLC, DEVICE, 1, null);

        assertTampered(() -> sealer.open(SPACE, forged));
    }

    @Test
    void tamperingErrorsNameTheOpButNoPlaintext() {
        var sealed = sealer.seal(SPACE, upsert("payroll", "ceo", Map.of("salary", json("\"x\""))));
        var forged = new Op(sealed.opId(), sealed.table(), sealed.rowId(), OpKind.UPSERT, sealed.fields(),
                Hlc.parse("1832320000123-00000"), DEVICE, 1, null);

        assertThatThrownBy(() -> sealer.open(SPACE, forged)).hasMessageContaining(sealed.opId().toString())
                .hasMessageNotContaining("payroll").hasMessageNotContaining("salary").hasMessageNotContaining("ceo");
    }

    @Test
    void anOpWithTheMostFieldsStillFitsSealedInVersionOne() {
        var plain = upsert("wide", "r", widest());

        var sealed = sealer.seal(SPACE, plain);

        assertThat(sealed.fields()).hasSize(Op.MAX_FIELDS).doesNotContainKey(FieldSetCipher.FIELD);
        assertSameOp(sealer.open(SPACE, sealed), plain);
    }

    /** {@return the most fields an op may carry: no room for version 2's extra field, so sealed in version 1} */
    private static Map<String, JsonNode> widest() {
        var fields = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < Op.MAX_FIELDS; i++) {
            fields.put("c" + i, json(Integer.toString(i)));
        }
        return fields;
    }

    @Test
    void tableNameAndRowIdMustFitTheSealedRowId() {
        var table = "t".repeat(58);
        var fits = "r".repeat(100);
        var tooLong = "r".repeat(101);

        assertThat(OpSealer.fits(table, fits)).isTrue();
        assertThat(OpSealer.fits(table, tooLong)).isFalse();
        assertThat(OpSealer.fits("t", "\u00e9".repeat(79))).isFalse();
        assertSameOp(sealer.open(SPACE, sealer.seal(SPACE, upsert(table, fits, Map.of("a", json("1"))))),
                upsert(table, fits, Map.of("a", json("1"))));
        assertThatThrownBy(() -> sealer.seal(SPACE, upsert(table, tooLong, Map.of("a", json("1")))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unicodeRowIdsSurviveTheRoundTrip() {
        var plain = upsert("notes", "Zo\u00eb/\u65e5\u672c/\ud83d\ude80", Map.of("a", json("1")));

        assertSameOp(sealer.open(SPACE, sealer.seal(SPACE, plain)), plain);
    }

    @Test
    void aClosedSealerRefusesToWork() {
        var closed = OpSealer.create(MasterKey.generate(new FixedRandom(1)));
        closed.close();

        assertThatThrownBy(() -> closed.seal(SPACE, upsert("t", "r", Map.of("a", json("1")))))
                .isInstanceOf(IllegalStateException.class);
    }

    static JsonNode json(String text) {
        return ProtocolJson.mapper().readTree(text);
    }

    static Op upsert(String table, String rowId, Map<String, JsonNode> fields) {
        return new Op(UUID.fromString("01936a2e-7b40-7c3d-9f1a-2b3c4d5e6f70"), table, rowId, OpKind.UPSERT, fields,
                HLC, DEVICE, 1, null);
    }

    static Op withId(UUID opId, Op op) {
        return new Op(opId, op.table(), op.rowId(), op.kind(), op.fields(), op.hlc(), op.deviceId(),
                op.schemaVersion(), op.baseVersion());
    }

    static void assertSameOp(Op actual, Op expected) {
        assertThat(actual.opId()).isEqualTo(expected.opId());
        assertThat(actual.table()).isEqualTo(expected.table());
        assertThat(actual.rowId()).isEqualTo(expected.rowId());
        assertThat(actual.kind()).isEqualTo(expected.kind());
        assertThat(actual.hlc()).isEqualTo(expected.hlc());
        assertThat(actual.deviceId()).isEqualTo(expected.deviceId());
        assertThat(actual.schemaVersion()).isEqualTo(expected.schemaVersion());
        assertThat(actual.baseVersion()).isEqualTo(expected.baseVersion());
        assertThat(actual.fields().keySet()).containsExactlyInAnyOrderElementsOf(expected.fields().keySet());
        expected.fields().forEach((column, value) -> assertThat(actual.fields().get(column).toString())
                .as(column).isEqualTo(value.toString()));
    }

    static void assertTampered(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.TAMPERED));
    }
}
