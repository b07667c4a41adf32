package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The envelope pinned byte for byte, beyond the golden ops of {@link OpSealerTest} and {@link OpSealerVersionTwoTest}:
 * varied ops sealed with master key 00..1f.
 *
 * <p>Version 1 ({@value #VECTORS}, written by the implementation of commit 16581cc, before the opening path was
 * optimized): the ops as that code sealed them, which must still open to the same ops, and what opening gives for
 * each of them and for many tampered, malformed and foreign variants (the opened op, or the exact
 * {@link CryptoException} reason and message); the crafted variants in it (row ids and fields with bad plaintexts,
 * foreign nonces) were sealed with that code's key internals. If an open vector fails, something the old code
 * accepted or refused now behaves differently.
 *
 * <p>Version 2 ({@value #VECTORS_V2}, written by the first implementation of version 2): the same ops as sealed now.
 * If one fails, the envelope changed.
 */
class EnvelopeVectorsTest {

    static final String VECTORS = "envelope-v1-vectors.jsonl";
    static final String VECTORS_V2 = "envelope-v2-vectors.jsonl";
    static final UUID SPACE = UUID.fromString("eb5b7975-6f86-4796-851e-83d5f089c32e");
    static final UUID OTHER_SPACE = UUID.fromString("0c6e1d2f-3b4a-4c5d-8e9f-a0b1c2d3e4f5");
    private static final UUID DEVICE = UUID.fromString("9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b");
    private static final UUID OTHER_DEVICE = UUID.fromString("ffffffff-3a5d-4e6f-8a7b-1c2d3e4f5a6b");
    private static final Hlc HLC = Hlc.parse("1732320000123-00002");
    private static final String ROW = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";

    private final OpSealer sealer = OpSealer.create(masterKey());

    /** An op to seal, by name. */
    record SealCase(String name, UUID space, Op op) {
    }

    @AfterEach
    void close() {
        sealer.close();
    }

    @Test
    void everyOpSealsToItsVersionTwoGoldenBytesAndOpensAgain() throws IOException {
        var expected = new LinkedHashMap<String, String>();
        var actual = new LinkedHashMap<String, String>();

        for (var vector : vectors(VECTORS_V2)) {
            expected.put(vector.get("name").stringValue(), vector.get("sealed").toString());
        }
        for (var c : sealCases()) {
            var sealed = sealer.seal(c.space(), c.op());
            actual.put(c.name(), ProtocolJson.mapper().writeValueAsString(sealed));
            OpSealerTest.assertSameOp(sealer.open(c.space(), sealed), c.op());
        }

        assertThat(actual).hasSize(sealCases().size()).containsExactlyEntriesOf(expected);
    }

    @Test
    void everyVersionOneOpStillOpensToTheOpThatWasSealed() throws IOException {
        var plain = new LinkedHashMap<String, SealCase>();
        sealCases().forEach(c -> plain.put(c.name(), c));
        int opened = 0;

        for (var vector : vectors(VECTORS)) {
            if (vector.has("sealed")) {
                var c = plain.get(vector.get("name").stringValue());
                var sealed = ProtocolJson.mapper().treeToValue(vector.get("sealed"), Op.class);
                OpSealerTest.assertSameOp(sealer.open(c.space(), sealed), c.op());
                opened++;
            }
        }

        assertThat(opened).isEqualTo(sealCases().size());
    }

    @Test
    void everyVariantOpensOrIsRefusedExactlyAsBefore() throws IOException {
        var expected = new LinkedHashMap<String, String>();
        var actual = new LinkedHashMap<String, String>();

        for (var vector : vectors(VECTORS)) {
            if (vector.has("open")) {
                var name = vector.get("name").stringValue();
                expected.put(name, vector.get("outcome").toString());
                actual.put(name, outcome(sealer, vector.get("open")).toString());
            }
        }

        assertThat(actual).hasSizeGreaterThan(50).containsExactlyEntriesOf(expected);
    }

    static MasterKey masterKey() {
        return MasterKey.of(HexFormat.of().parseHex(KeyBlobTest.GOLDEN_MASTER_KEY));
    }

    static List<SealCase> sealCases() {
        var cases = new ArrayList<SealCase>();
        var todo = upsert("todos", ROW, fields("title", "\"Buy oat milk\"", "done", "false", "qty", "3",
                "note", "null", "price", "19.99", "big", "123456789012345678901234567890", "tiny", "-1.5e-300",
                "tags", "[\"a\",\"b\"]", "meta", "{\"k\":{\"n\":[1,2.5,-3e10,true,null]},\"e\":{}}", "empty", "\"\""));
        cases.add(new SealCase("todo", SPACE, todo));
        cases.add(new SealCase("todo in the other space", OTHER_SPACE, todo));
        cases.add(new SealCase("delete", SPACE, new Op(UUID.fromString("01936a2e-7b41-7e0f-8c22-5a6b7c8d9e0f"),
                "todos", ROW, OpKind.DELETE, Map.of(), Hlc.parse("1732320000124-00000"), DEVICE, 1, null)));
        cases.add(new SealCase("unicode", SPACE, upsert("notes", "Zo\u00eb/\u65e5\u672c/\ud83d\ude80 x",
                fields("body", "\"na\u00efve caf\u00e9 \u2713 \\\"quoted\\\" \\\\ \\n\\t\\u0001 \u2028\"",
                        "emoji", "\"\ud83d\ude80\ud83d\ude80\"", "Title_2", "\"\u00e9\""))));
        cases.add(new SealCase("the same column in another table", SPACE,
                upsert("projects", "p1", fields("title", "\"Buy oat milk\""))));
        cases.add(new SealCase("the longest row id", SPACE,
                upsert("t".repeat(58), "r".repeat(100), fields("a", "1"))));
        for (int rowLength : new int[] {13, 14, 15, 29, 30}) { // row plaintexts of 15, 16, 17, 31 and 32 bytes
            cases.add(new SealCase("row id of " + rowLength, SPACE, upsert("t", "r".repeat(rowLength),
                    fields("a", "\"" + "x".repeat(rowLength - 7) + "\"")))); // ["a","x…"] of 15 to 32 bytes
        }
        cases.add(new SealCase("clock, device and base version", SPACE, new Op(
                UUID.fromString("01936a2e-7b42-7e0f-8c22-5a6b7c8d9e0f"), "todos", ROW, OpKind.UPSERT,
                fields("done", "true"), Hlc.parse("1832320000123-65535"), OTHER_DEVICE, 7, 42L)));
        var wide = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < 40; i++) {
            wide.put("c" + i, OpSealerTest.json(Integer.toString(i * 1_000_003)));
        }
        cases.add(new SealCase("forty fields", SPACE, upsert("wide", "w", wide)));
        return cases;
    }

    /**
     * Opens an op given as its parts (the form {@code SealingTransport} uses) and describes the result.
     *
     * @param parts {@code space, what, table, row_id, hlc, device_id, columns, values}; a string value is passed as
     *              a {@link String}, JSON null as {@code null} and anything else as its JSON tree
     * @return the opened parts, or the refusal's reason and message
     */
    static JsonNode outcome(OpSealer sealer, JsonNode parts) {
        var columns = new ArrayList<String>();
        var values = new ArrayList<@Nullable Object>();
        parts.get("columns").forEach(c -> columns.add(c.stringValue()));
        parts.get("values").forEach(v -> values.add(v.isNull() ? null : v.isString() ? v.stringValue() : v));
        var out = ProtocolJson.mapper().createObjectNode();
        try {
            var opened = sealer.open(UUID.fromString(parts.get("space").stringValue()), parts.get("what").stringValue(),
                    parts.get("table").stringValue(), parts.get("row_id").stringValue(),
                    parts.get("hlc").stringValue(), UUID.fromString(parts.get("device_id").stringValue()),
                    columns.toArray(String[]::new), values.toArray(), OpSealer.TREE);
            out.put("table", opened.table()).put("row_id", opened.rowId());
            opened.columns().forEach(out.putArray("columns")::add);
            opened.values().forEach(out.putArray("values")::add);
        } catch (CryptoException e) {
            out.put("reason", e.reason().name()).put("message", e.getMessage());
        }
        return out;
    }

    /** {@return an op's parts as {@link #outcome} takes them} */
    static ObjectNode parts(UUID space, Op op) {
        var parts = ProtocolJson.mapper().createObjectNode().put("space", space.toString())
                .put("what", "op " + op.opId()).put("table", op.table()).put("row_id", op.rowId())
                .put("hlc", op.hlc().encode()).put("device_id", op.deviceId().toString());
        var columns = parts.putArray("columns");
        var values = parts.putArray("values");
        op.fields().forEach((column, value) -> {
            columns.add(column);
            values.add(value);
        });
        return parts;
    }

    private static List<JsonNode> vectors(String file) throws IOException {
        try (InputStream in = Objects.requireNonNull(EnvelopeVectorsTest.class.getResourceAsStream(file))) {
            var lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines();
            return lines.filter(line -> !line.isBlank()).map(ProtocolJson.mapper()::readTree).toList();
        }
    }

    private static Op upsert(String table, String rowId, Map<String, JsonNode> fields) {
        return new Op(UUID.fromString("01936a2e-7b40-7c3d-9f1a-2b3c4d5e6f70"), table, rowId, OpKind.UPSERT, fields,
                HLC, DEVICE, 1, null);
    }

    private static Map<String, JsonNode> fields(String... columnsAndValues) {
        var fields = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            fields.put(columnsAndValues[i], OpSealerTest.json(columnsAndValues[i + 1]));
        }
        return fields;
    }
}
