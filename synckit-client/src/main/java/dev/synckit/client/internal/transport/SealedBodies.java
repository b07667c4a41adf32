package dev.synckit.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * Reads a push body ({@code PushRequest} JSON, as {@link PushBodyWriter} writes it) into its ops and writes a body
 * of other ops, with streaming parsers and generators: what {@code readValue(json, PushRequest.class)} and
 * {@code writeValueAsBytes(new PushRequest(…))} do, with the same results and bytes (a test compares them), at a
 * fraction of their cost per op, which is about as much as sealing the op.
 *
 * <p>Every op is built through the {@link Op} constructor, so it checks what the record checks (a missing component
 * is a {@link NullPointerException}, as there); a body that is not a push request is otherwise refused with
 * {@link IllegalArgumentException}, or a {@code JacksonException} if it is not JSON. Stateless.
 */
final class SealedBodies {

    private SealedBodies() {
    }

    /**
     * A parsed body.
     *
     * @param deviceId the pushing device
     * @param ops the ops, in order
     */
    record Parsed(UUID deviceId, List<Op> ops) {
    }

    /**
     * Reads a body.
     *
     * @param json the body
     * @return its device and ops
     */
    static Parsed read(byte[] json) {
        try (var p = ProtocolJson.mapper().createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            UUID device = null;
            List<Op> ops = null;
            for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                var name = p.currentName();
                var value = p.nextToken();
                switch (name) {
                    case "device_id" -> device = UUID.fromString(text(p, value, name));
                    case "ops" -> ops = ops(p, value);
                    default -> p.skipChildren();
                }
            }
            if (device == null || ops == null || p.nextToken() != null) {
                throw new IllegalArgumentException("a push body names its device and holds an ops array");
            }
            return new Parsed(device, ops);
        }
    }

    /**
     * Writes a body.
     *
     * @param deviceId the pushing device
     * @param ops the ops, in order
     * @param sizeHint about how many bytes it will have
     * @return the body
     */
    static byte[] write(UUID deviceId, List<Op> ops, int sizeHint) {
        var out = new ByteArrayOutputStream(sizeHint);
        try (var g = ProtocolJson.mapper().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("device_id", deviceId.toString());
            g.writeArrayPropertyStart("ops");
            for (var op : ops) {
                writeOp(g, op);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Reads a body, maps every op, and writes the body of the results.
     *
     * @param json the body
     * @param check sees every op before any is mapped (to refuse the whole body)
     * @param map maps one op
     * @return the new body
     */
    static byte[] map(byte[] json, Consumer<Op> check, UnaryOperator<Op> map) {
        var parsed = read(json);
        parsed.ops().forEach(check);
        var mapped = new ArrayList<Op>(parsed.ops().size());
        for (var op : parsed.ops()) {
            mapped.add(map.apply(op));
        }
        return write(parsed.deviceId(), mapped, json.length * 4);
    }

    /** Writes one op as {@code writeValue} would. */
    static void writeOp(JsonGenerator g, Op op) {
        g.writeStartObject();
        g.writeStringProperty("op_id", op.opId().toString());
        g.writeStringProperty("table", op.table());
        g.writeStringProperty("row_id", op.rowId());
        g.writeStringProperty("kind", op.kind() == OpKind.DELETE ? "delete" : "upsert");
        g.writeObjectPropertyStart("fields");
        for (var field : op.fields().entrySet()) {
            g.writeName(field.getKey());
            var value = field.getValue();
            if (value.isString()) {
                g.writeString(value.stringValue());
            } else {
                g.writeTree(value);
            }
        }
        g.writeEndObject();
        g.writeStringProperty("hlc", op.hlc().encode());
        g.writeStringProperty("device_id", op.deviceId().toString());
        g.writeNumberProperty("schema_version", op.schemaVersion());
        var base = op.baseVersion();
        if (base != null) {
            g.writeNumberProperty("base_version", base);
        }
        g.writeEndObject();
    }

    private static List<Op> ops(JsonParser p, JsonToken first) {
        expect(first, JsonToken.START_ARRAY);
        var ops = new ArrayList<Op>();
        for (var t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_OBJECT);
            ops.add(op(p));
        }
        return ops;
    }

    private static Op op(JsonParser p) {
        UUID opId = null;
        UUID device = null;
        String table = null;
        String rowId = null;
        OpKind kind = null;
        Hlc hlc = null;
        Integer schemaVersion = null;
        Long baseVersion = null;
        var fields = new LinkedHashMap<String, JsonNode>();
        for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            var name = p.currentName();
            var value = p.nextToken();
            switch (name) {
                case "op_id" -> opId = UUID.fromString(text(p, value, name));
                case "table" -> table = text(p, value, name);
                case "row_id" -> rowId = text(p, value, name);
                case "kind" -> kind = kind(text(p, value, name));
                case "fields" -> fields(p, value, fields);
                case "hlc" -> hlc = Hlc.parse(text(p, value, name));
                case "device_id" -> device = UUID.fromString(text(p, value, name));
                case "schema_version" -> schemaVersion = p.getIntValue();
                case "base_version" -> baseVersion = value == JsonToken.VALUE_NULL ? null : p.getLongValue();
                default -> p.skipChildren();
            }
        }
        if (schemaVersion == null) {
            throw new IllegalArgumentException("an op names its schema version");
        }
        return new Op(opId, table, rowId, kind, fields, hlc, device, schemaVersion, baseVersion);
    }

    private static void fields(JsonParser p, JsonToken first, LinkedHashMap<String, JsonNode> fields) {
        expect(first, JsonToken.START_OBJECT);
        for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            var name = p.currentName();
            fields.put(name, value(p, p.nextToken()));
        }
    }

    /** A value as Jackson's tree has it; scalars made directly, anything else read as a tree. */
    static JsonNode value(JsonParser p, JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> StringNode.valueOf(p.getString());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> IntNode.valueOf(p.getIntValue());
                case LONG -> LongNode.valueOf(p.getLongValue());
                default -> p.readValueAsTree();
            };
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> p.readValueAsTree();
        };
    }

    private static OpKind kind(String text) {
        return switch (text) {
            case "upsert" -> OpKind.UPSERT;
            case "delete" -> OpKind.DELETE;
            default -> throw new IllegalArgumentException("an op's kind is upsert or delete");
        };
    }

    private static String text(JsonParser p, JsonToken t, String name) {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return p.getString();
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("not a push body: expected " + expected + ", found " + actual);
        }
    }
}
