package dev.synckit.server.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.PushRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * Parses a push request body ({@link PushRequest}) with a streaming parser: the same records, checked by the same
 * constructors, as {@link JsonBodies#parse} gives, at a fraction of its cost per op (a bulk push carries thousands).
 *
 * <p>Only the usual shape is read this way: the two known properties of the request, the known properties of each
 * op, each once, with the expected JSON types, and UUIDs in their canonical form. A body that strays from it in any
 * way, or that a record's constructor refuses, is handed to {@link JsonBodies#parse}, which accepts what it accepts
 * (an unknown property, say) and words every error as before. So the result and every error are the same as with
 * {@link JsonBodies#parse} alone (a test compares them). Stateless.
 */
final class PushBodies {

    /** Reads a value in the middle of the body, as the strict reader reads a field's value. */
    private static final ObjectReader VALUES = JsonBodies.strictMapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PushBodies() {
    }

    /**
     * Parses a push request body.
     *
     * @param body the UTF-8 JSON
     * @return the request
     * @throws ApiException as {@link JsonBodies#parse} does
     */
    static PushRequest parse(byte[] body) {
        var fast = parseUsual(body);
        return fast != null ? fast : JsonBodies.parse(body, PushRequest.class);
    }

    /** The streamed parse of the usual shape; null for anything else, including every error. */
    static @Nullable PushRequest parseUsual(byte[] body) {
        try (var p = JsonBodies.strictMapper().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            UUID device = null;
            List<Op> ops = null;
            for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                var name = p.currentName();
                var value = p.nextToken();
                boolean taken = switch (name) {
                    case "device_id" -> device == null && value == JsonToken.VALUE_STRING
                            && (device = uuid(p.getString())) != null;
                    case "ops" -> ops == null && value == JsonToken.START_ARRAY && (ops = ops(p)) != null;
                    default -> false;
                };
                if (!taken) {
                    return null;
                }
            }
            if (device == null || ops == null || p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return new PushRequest(device, ops);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            return null; // the full parse words the error
        }
    }

    private static @Nullable List<Op> ops(JsonParser p) {
        var ops = new ArrayList<Op>();
        for (var t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                return null;
            }
            var op = op(p);
            if (op == null) {
                return null;
            }
            ops.add(op);
        }
        return ops;
    }

    /** One op, the parser on its START_OBJECT; null if it is not of the usual shape. */
    private static @Nullable Op op(JsonParser p) {
        UUID opId = null;
        UUID device = null;
        String table = null;
        String rowId = null;
        OpKind kind = null;
        LinkedHashMap<String, JsonNode> fields = null;
        Hlc hlc = null;
        Integer schemaVersion = null;
        Long baseVersion = null;
        boolean baseSeen = false;
        for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            var name = p.currentName();
            var value = p.nextToken();
            var text = value == JsonToken.VALUE_STRING ? p.getString() : null;
            boolean taken = switch (name) {
                case "op_id" -> opId == null && text != null && (opId = uuid(text)) != null;
                case "table" -> table == null && (table = text) != null;
                case "row_id" -> rowId == null && (rowId = text) != null;
                case "kind" -> kind == null && text != null && (kind = kind(text)) != null;
                case "fields" -> fields == null && value == JsonToken.START_OBJECT && (fields = fields(p)) != null;
                case "hlc" -> hlc == null && text != null && (hlc = Hlc.parse(text)) != null;
                case "device_id" -> device == null && text != null && (device = uuid(text)) != null;
                case "schema_version" -> schemaVersion == null && value == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() == JsonParser.NumberType.INT && (schemaVersion = p.getIntValue()) != null;
                case "base_version" -> {
                    boolean number = value == JsonToken.VALUE_NUMBER_INT
                            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                    if (!baseSeen && number) {
                        baseVersion = p.getLongValue();
                    }
                    boolean ok = !baseSeen && (number || value == JsonToken.VALUE_NULL);
                    baseSeen = true;
                    yield ok;
                }
                default -> false;
            };
            if (!taken) {
                return null;
            }
        }
        if (opId == null || table == null || rowId == null || kind == null || hlc == null || device == null
                || schemaVersion == null) {
            return null;
        }
        return new Op(opId, table, rowId, kind, fields == null ? new LinkedHashMap<>() : fields, hlc, device,
                schemaVersion, baseVersion);
    }

    /** The fields object, the parser on its START_OBJECT; null if a column repeats. */
    private static @Nullable LinkedHashMap<String, JsonNode> fields(JsonParser p) {
        var fields = new LinkedHashMap<String, JsonNode>();
        for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            var name = p.currentName();
            if (fields.put(name, value(p, p.nextToken())) != null) {
                return null;
            }
        }
        return fields;
    }

    /** A value as the strict reader's tree has it: scalars made directly, anything else read by that reader. */
    private static JsonNode value(JsonParser p, JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> StringNode.valueOf(p.getString());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> IntNode.valueOf(p.getIntValue());
                case LONG -> LongNode.valueOf(p.getLongValue());
                default -> VALUES.readTree(p);
            };
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> VALUES.readTree(p);
        };
    }

    private static @Nullable OpKind kind(String text) {
        return switch (text) {
            case "upsert" -> OpKind.UPSERT;
            case "delete" -> OpKind.DELETE;
            default -> null;
        };
    }

    /** A UUID in its canonical 36-character form (either case), else null. */
    private static @Nullable UUID uuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return null;
            }
        }
        return UUID.fromString(text);
    }
}
