package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.client.internal.crypto.ValueReader;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.SequencedOp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Sealing ahead of the send, the budget it learns, and pages decoded streamed and opened in place. */
class SealingTransportTest {

    private static final UUID SPACE = UUID.fromString("00000000-0000-7000-8000-0000000000f0");
    private static final UUID DEVICE = UUID.fromString("00000000-0000-7000-8000-00000000000a");
    private static final String SECRET = "Dishes-secret";

    private final OpSealer sealer = OpSealer.create(MasterKey.generate(new SecureRandom()));
    private StubHttpServer server;
    private SyncKitClient client;
    private BulkTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = new StubHttpServer();
        client = SyncKitClient.builder().serverUrl(server.uri().resolve("/")).apiKey("sk_test_0123456789")
                .requestTimeout(Duration.ofSeconds(10)).build();
        transport = SealingTransport.over(BulkTransport.of(client), sealer);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        sealer.close();
    }

    @Test
    void aPreparedBatchIsSealedAndKeepsItsOpIds() {
        var body = body(200);

        var prepared = transport.prepare(SPACE, body);

        assertThat(prepared.sealed()).isTrue();
        assertThat(prepared.opIds()).isEqualTo(body.opIds());
        var text = new String(prepared.json(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(SECRET, "tasks", "title", "row-1");
        assertThat(transport.prepare(SPACE, prepared)).isSameAs(prepared);
        assertThat(transport.prepare(SPACE, body).json()).as("deterministic").isEqualTo(prepared.json());
    }

    @Test
    void theBodyWriterSealsEachOpToTheBytesThatSealingTheWrittenBodyGives() {
        var captured = List.of(
                new String[] {"tasks", "row-1", "{\"title\":\"" + SECRET + "\",\"done\":1,\"secret_note\":\"x\"}"},
                new String[] {"tasks", "row-2", "{\"ratio\":0.25,\"size\":12345678901,\"tags\":[1,{\"a\":null}],"
                        + "\"title\":\"tab\\tand \\u00e9 \\ud83d\\ude00\",\"done\":null}"},
                new String[] {"tasks", "row-3", null},
                new String[] {"tasks", "row-4", "{\"secret_note\":\"only this\"}"});
        var whitelist = Set.of("title", "done", "ratio", "size", "tags");
        var plainWriter = new PushBodyWriter(DEVICE, 4);
        var sealingWriter = transport.bodyWriter(SPACE, DEVICE, 4);
        for (int i = 0; i < captured.size(); i++) {
            var entry = captured.get(i);
            var opId = "01936a2e-7b40-7c3d-9a51-00000000000" + i;
            var hlc = new Hlc(1_700_000_000_000L + i, 0).encode();
            boolean delete = entry[2] == null;
            assertThat(sealingWriter.add(opId, entry[0], entry[1], delete, entry[2], hlc, whitelist))
                    .isEqualTo(plainWriter.add(opId, entry[0], entry[1], delete, entry[2], hlc, whitelist));
        }
        assertThat(sealingWriter.size()).as("the upsert of no synced column is left out").isEqualTo(3);

        var direct = sealingWriter.finish();
        var prepared = transport.prepare(SPACE, plainWriter.finish());

        assertThat(direct.sealed()).isTrue();
        assertThat(direct.opIds()).isEqualTo(prepared.opIds());
        assertThat(new String(direct.json(), StandardCharsets.UTF_8))
                .isEqualTo(new String(prepared.json(), StandardCharsets.UTF_8))
                .doesNotContain(SECRET, "tasks", "title", "row-1", "secret_note");
        assertThat(transport.prepare(SPACE, direct)).isSameAs(direct);
    }

    @Test
    void theBodyWriterRefusesARowTooLongToSealAndWritesNothingOfIt() {
        var writer = transport.bodyWriter(SPACE, DEVICE, 1);
        writer.add("01936a2e-7b40-7c3d-9a51-000000000001", "tasks", "row-1", false, "{\"done\":1}",
                new Hlc(1_700_000_000_000L, 0).encode(), Set.of("done"));
        long before = writer.bytes();

        assertThatThrownBy(() -> writer.add("01936a2e-7b40-7c3d-9a51-000000000002", "tasks", "r".repeat(
                OpSealer.MAX_TABLE_AND_ROW_ID_BYTES), false, "{\"done\":1}", new Hlc(1_700_000_000_001L, 0).encode(),
                Set.of("done")))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.ROW_ID_TOO_LONG));

        assertThat(writer.bytes()).isEqualTo(before);
        var body = writer.finish();
        assertThat(body.opIds()).hasSize(1);
        assertThat(SealedBodies.read(body.json()).ops()).hasSize(1);
    }

    @Test
    void aBodyIsSentSealedWhetherOrNotItWasPrepared() {
        var body = body(3);
        var prepared = transport.prepare(SPACE, body);
        server.answer(200, results(body)).answer(200, results(body));

        transport.pushBody(SPACE, body);
        transport.pushBody(SPACE, prepared);

        var sent = server.requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).body()).isEqualTo(new String(prepared.json(), StandardCharsets.UTF_8));
        assertThat(sent.get(1).body()).isEqualTo(sent.get(0).body());
    }

    @Test
    void aPulledPageIsOpenedIntoTheDecodersForm() {
        var plain = ops(2);
        server.answer(200, page(plain.stream().map(op -> sealer.seal(SPACE, op)).toList()));

        var page = transport.pullPage(SPACE, 0, 100);

        assertThat(page.nextCursor()).isEqualTo(2);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.ops()).hasSize(2);
        var first = page.ops().getFirst();
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.table()).isEqualTo("tasks");
        assertThat(first.rowId()).isEqualTo("row-0");
        var values = new java.util.HashMap<String, Object>();
        for (int i = 0; i < first.fieldCount(); i++) {
            values.put(first.columns()[i], first.values()[i]); // sealed fields travel in hash order
        }
        assertThat(values).containsOnly(java.util.Map.entry("title", SECRET + " 0"), java.util.Map.entry("done", 1),
                java.util.Map.entry("size", 0L), java.util.Map.entry("tags", "[\"a\",{\"b\":null}]"));
        assertThat(first.hlc()).isEqualTo(plain.getFirst().hlc().encode());
        assertThat(first.deviceId()).isEqualTo(DEVICE);
        assertThat(first.clockKey()).isEqualTo(plain.getFirst().clockKey());
    }

    @Test
    void oneOpThatFailsToOpenFailsTheWholePage() {
        var plain = ops(3);
        var sealed = new java.util.ArrayList<>(plain.stream().map(op -> sealer.seal(SPACE, op)).toList());
        var second = sealed.get(1);
        var swapped = new LinkedHashMap<>(second.fields());
        swapped.put("e2", sealed.get(0).fields().get("e2")); // values moved from another row
        sealed.set(1, new Op(second.opId(), second.table(), second.rowId(), second.kind(), swapped, second.hlc(),
                second.deviceId(), second.schemaVersion()));
        server.answer(200, page(sealed));

        assertThatThrownBy(() -> transport.pullPage(SPACE, 0, 100)).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.TAMPERED))
                .hasMessageContaining("op at 2").hasMessageNotContaining(SECRET);
    }

    @Test
    void aPlaintextOpInAPageIsRefused() {
        server.answer(200, page(ops(1)));

        assertThatThrownBy(() -> transport.pullPage(SPACE, 0, 100)).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.TAMPERED));
    }

    @Test
    void openedValuesHaveTheDecodersFormWhetherReadDirectlyOrByJackson() {
        var nodes = JsonNodeFactory.instance;
        var values = List.<JsonNode>of(nodes.stringNode("plain"), nodes.stringNode("esc\"aped \u00e9"),
                nodes.numberNode(0), nodes.numberNode(-7), nodes.numberNode(2_147_483_648L),
                nodes.numberNode(Long.MIN_VALUE), nodes.numberNode(new java.math.BigInteger("123456789012345678901")),
                nodes.numberNode(2.5), nodes.booleanNode(true), nodes.booleanNode(false), nodes.nullNode(),
                nodes.arrayNode().add(1));
        var fields = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < values.size(); i++) {
            fields.put("c" + i, values.get(i));
        }
        var sealed = sealer.seal(SPACE, new Op(UUID.randomUUID(), "tasks", "row", OpKind.UPSERT, fields,
                new Hlc(1_700_000_000_000L, 0), DEVICE, 1));
        var columns = sealed.fields().keySet().toArray(String[]::new);
        var texts = sealed.fields().values().stream().map(JsonNode::stringValue).toArray();
        ValueReader<@Nullable Object> jacksonOnly = SealingTransport.BIND_VALUES::read;

        var direct = sealer.open(SPACE, "op", sealed.table(), sealed.rowId(), sealed.hlc().encode(), DEVICE, columns,
                texts, SealingTransport.BIND_VALUES);
        var reference = sealer.open(SPACE, "op", sealed.table(), sealed.rowId(), sealed.hlc().encode(), DEVICE,
                columns, texts, jacksonOnly);

        assertThat(direct.columns()).isEqualTo(reference.columns());
        for (int i = 0; i < values.size(); i++) {
            var expected = reference.values().get(i);
            var actual = direct.values().get(i);
            assertThat(actual).as(direct.columns().get(i)).isEqualTo(expected);
            if (expected != null) {
                assertThat(actual).as(direct.columns().get(i)).hasSameClassAs(expected);
            }
        }
        assertThat(reference.values()).contains(1, 0, 0L, -7L, 2_147_483_648L, "plain", "esc\"aped \u00e9", "[1]");
    }

    private static List<Op> ops(int count) {
        var nodes = JsonNodeFactory.instance;
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            var fields = new LinkedHashMap<String, JsonNode>();
            fields.put("title", nodes.stringNode(SECRET + " " + i));
            fields.put("done", nodes.booleanNode(true));
            fields.put("size", nodes.numberNode((long) i));
            fields.put("tags", nodes.arrayNode().add("a").add(nodes.objectNode().putNull("b")));
            return new Op(UUID.randomUUID(), "tasks", "row-" + i, OpKind.UPSERT, fields,
                    new Hlc(1_700_000_000_000L + i, 0), DEVICE, 1);
        }).toList();
    }

    private static PushBody body(int count) {
        var writer = new PushBodyWriter(DEVICE, 1);
        for (int i = 0; i < count; i++) {
            writer.add(UUID.randomUUID().toString(), "tasks", "row-" + i, false,
                    "{\"title\":\"" + SECRET + " " + i + "\",\"done\":1}", new Hlc(1_700_000_000_000L + i, 0).encode(),
                    Set.of("title", "done"));
        }
        return writer.finish();
    }

    private static String results(PushBody body) {
        var results = body.opIds().stream().map(id -> "{\"op_id\":\"" + id + "\",\"status\":\"applied\",\"seq\":1}")
                .toList();
        return "{\"results\":[" + String.join(",", results) + "],\"last_seq\":1}";
    }

    private static String page(List<Op> ops) {
        var sequenced = java.util.stream.IntStream.range(0, ops.size())
                .mapToObj(i -> new SequencedOp(i + 1, ops.get(i))).toList();
        return ProtocolJson.mapper().writeValueAsString(new PullPage(sequenced, ops.size(), true));
    }
}
