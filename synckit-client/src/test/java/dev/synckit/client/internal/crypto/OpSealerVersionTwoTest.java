package dev.synckit.client.internal.crypto;

import static dev.synckit.client.internal.crypto.OpSealerTest.assertSameOp;
import static dev.synckit.client.internal.crypto.OpSealerTest.assertTampered;
import static dev.synckit.client.internal.crypto.OpSealerTest.json;
import static dev.synckit.client.internal.crypto.OpSealerTest.upsert;
import static dev.synckit.client.internal.crypto.OpSealerTest.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** Envelope version 2: an upsert's fields sealed together ({@link FieldSetCipher}). */
class OpSealerVersionTwoTest {

    private static final UUID SPACE = UUID.fromString("eb5b7975-6f86-4796-851e-83d5f089c32e");
    private static final UUID DEVICE = UUID.fromString("9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b");
    private static final Hlc HLC = Hlc.parse("1732320000123-00002");

    /**
     * The upsert of {@link OpSealerTest}'s golden vector in envelope version 2, master key 00..1f. An independent
     * implementation of docs/ENCRYPTION.md ({@code docs/envelope_check.py}, Python with {@code cryptography}) opens
     * it. If this test fails, the envelope changed: that needs a new version, not a new vector.
     */
    static final String GOLDEN_UPSERT = """
            {"op_id":"01936a2e-7b40-7c3d-9f1a-2b3c4d5e6f70","table":"e1_9a15de1e932d7825c5f2205abc67d889","row_id":"\
            -EVTo5BMn6DLGgaKE9C-BJEqtmjG6JLhTNZuNXq3o84GeFUlqTjVARypjpCyGYwGC9aODR7eQo69wDnkAOE053bq1F8S6p4vKwSHfQ",\
            "kind":"upsert","fields":{"c_0e8aa2c0d7952a42de36b887bfde514f":"","c_abc105f968194982f2fc93425d3c6d7f":"\
            ","e2":"4TSIAK0U85yl257LXLIv86enk0IaF9_5V7osk_pnDIAREC7gkk9DsGuxB62YQoQCuXVzfolcvh__xd9eVDJMQP0O9lBdTuua\
            cKhHcQ"},"hlc":"1732320000123-00002","device_id":"9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b","schema_version"\
            :1}""";

    private final OpSealer sealer = OpSealer.create(MasterKey.generate(new FixedRandom(3)));

    @AfterEach
    void close() {
        sealer.close();
    }

    @Test
    void theEnvelopeMatchesTheGoldenVector() {
        try (var golden = OpSealer.create(MasterKey.of(HexFormat.of().parseHex(KeyBlobTest.GOLDEN_MASTER_KEY)))) {
            var fields = new LinkedHashMap<String, JsonNode>();
            fields.put("title", json("\"Buy oat milk\""));
            fields.put("done", json("false"));
            var upsert = new Op(UUID.fromString("01936a2e-7b40-7c3d-9f1a-2b3c4d5e6f70"), "todos",
                    "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", OpKind.UPSERT, fields, HLC, DEVICE, 1, null);

            assertThat(ProtocolJson.mapper().writeValueAsString(golden.seal(SPACE, upsert))).isEqualTo(GOLDEN_UPSERT);
            assertSameOp(golden.open(SPACE, ProtocolJson.mapper().readValue(GOLDEN_UPSERT, Op.class)), upsert);
        }
    }

    @Test
    void anUpsertCarriesItsColumnHashesEmptyAndOneSealedField() {
        var plain = upsert("groceries", "r1", Map.of("title", json("\"Buy oat milk\""), "qty", json("2"),
                "done", json("false")));

        var sealed = sealer.seal(SPACE, plain);

        var names = new ArrayList<>(sealed.fields().keySet());
        assertThat(names).hasSize(4).last().isEqualTo(FieldSetCipher.FIELD);
        var hashes = names.subList(0, 3);
        assertThat(hashes).isSorted().allMatch(NameHasher::isColumnHash);
        hashes.forEach(hash -> assertThat(sealed.fields().get(hash)).isEqualTo(StringNode.valueOf("")));
        assertThat(sealed.fields().get(FieldSetCipher.FIELD).stringValue()).matches("[A-Za-z0-9_-]+");
        assertSameOp(sealer.open(SPACE, sealed), plain);
    }

    @Test
    void fieldsReorderedByTheStoreStillOpen() {
        var plain = upsert("groceries", "r1", Map.of("title", json("\"x\""), "qty", json("2"), "done",
                json("true")));
        var sealed = sealer.seal(SPACE, plain);
        var reversed = new ArrayList<>(sealed.fields().keySet());
        Collections.reverse(reversed);
        var reordered = new LinkedHashMap<String, JsonNode>();
        reversed.forEach(name -> reordered.put(name, sealed.fields().get(name)));

        assertSameOp(sealer.open(SPACE, withFields(sealed, reordered)), plain);
    }

    @Test
    void aColumnDroppedAddedOrSwappedIsRejected() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"Al\""), "role",
                json("\"viewer\""))));
        var other = sealer.seal(SPACE, upsert("users", "u1", Map.of("email", json("\"a@b\""))));
        var firstHash = sealed.fields().keySet().iterator().next();
        var otherHash = other.fields().keySet().iterator().next();

        assertTampered(() -> sealer.open(SPACE, edited(sealed, f -> f.remove(firstHash))));
        assertTampered(() -> sealer.open(SPACE, edited(sealed, f -> f.put(otherHash, StringNode.valueOf("")))));
        assertTampered(() -> sealer.open(SPACE, edited(sealed, f -> {
            f.remove(firstHash);
            f.put(otherHash, StringNode.valueOf(""));
        })));
    }

    @Test
    void sealedFieldsMovedToAnotherRowOrWriteAreRejected() {
        var opId = UUID.randomUUID();
        var alice = sealer.seal(SPACE, withId(opId, upsert("accounts", "alice", Map.of("balance", json("10")))));
        var bob = sealer.seal(SPACE, withId(opId, upsert("accounts", "bob", Map.of("balance", json("1000000")))));

        var moved = new Op(opId, alice.table(), alice.rowId(), OpKind.UPSERT, bob.fields(), HLC, DEVICE, 1, null);
        var restamped = new Op(opId, alice.table(), alice.rowId(), OpKind.UPSERT, alice.fields(),
                Hlc.parse("1832320000123-00000"), DEVICE, 1, null);

        assertTampered(() -> sealer.open(SPACE, moved));
        assertTampered(() -> sealer.open(SPACE, restamped));
    }

    @Test
    void malformedFormsAreRejected() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"Al\""), "role",
                json("\"viewer\""))));
        var hash = sealed.fields().keySet().iterator().next();

        assertTampered(() -> sealer.open(SPACE, edited(sealed, f -> f.put(hash, StringNode.valueOf("x")))));
        assertTampered(() -> sealer.open(SPACE, edited(sealed, f -> f.put(FieldSetCipher.FIELD, json("1")))));
        assertTampered(() -> sealer.open(SPACE, edited(sealed, f -> f.remove(FieldSetCipher.FIELD))));
        assertTampered(() -> sealer.open(SPACE, edited(sealed, f -> f.put("title", StringNode.valueOf("")))));
        assertTampered(() -> sealer.open(SPACE, edited(sealed,
                f -> f.keySet().removeIf(name -> !name.equals(FieldSetCipher.FIELD)))));
    }

    @Test
    void aNewerFieldVersionIsUnsupported() {
        var sealed = sealer.seal(SPACE, upsert("users", "u1", Map.of("name", json("\"Al\""))));
        var newer = edited(sealed, f -> f.put("e3", f.remove(FieldSetCipher.FIELD)));

        assertThatThrownBy(() -> sealer.open(SPACE, newer)).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.UNSUPPORTED_FORMAT));
    }

    @Test
    void valuesOfEveryKindRoundTrip() {
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("text", json("\"na\u00efve \\\"q\\\" \\\\ \\n \ud83d\ude80\""));
        fields.put("empty", json("\"\""));
        fields.put("big", json("123456789012345678901234567890"));
        fields.put("fraction", json("-1.5e-300"));
        fields.put("nothing", json("null"));
        fields.put("yes", json("true"));
        fields.put("nested", json("{\"k\":[1,2.5,{\"n\":null}]}"));
        fields.put("long_text", json("\"" + "x".repeat(5000) + "\""));
        var plain = upsert("kinds", "k1", fields);

        assertSameOp(sealer.open(SPACE, sealer.seal(SPACE, plain)), plain);
    }

    private static Op edited(Op op, Consumer<Map<String, JsonNode>> edit) {
        var fields = new LinkedHashMap<>(op.fields());
        edit.accept(fields);
        return withFields(op, fields);
    }

    private static Op withFields(Op op, Map<String, JsonNode> fields) {
        return new Op(op.opId(), op.table(), op.rowId(), fields.isEmpty() ? OpKind.DELETE : op.kind(), fields,
                op.hlc(), op.deviceId(), op.schemaVersion(), op.baseVersion());
    }
}
