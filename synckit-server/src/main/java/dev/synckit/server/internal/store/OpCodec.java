package dev.synckit.server.internal.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.synckit.protocol.Op;
import dev.synckit.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical encodings of an op, shared by every store so that all backends agree on what "the same op" is.
 *
 * <p>Canonical fields JSON: the protocol's JSON with object properties sorted by name at every depth, so a retry
 * that lists the same fields in another order is still the same op. The content hash is the SHA-256 of every
 * component except {@code op_id}: table, row id, kind, HLC, device id, schema version, base version (NUL-separated;
 * identifiers cannot contain control characters) followed by the canonical fields JSON. Numbers are kept as
 * written ({@code 1} and {@code 1.0} differ).
 */
public final class OpCodec {

    private static final JsonMapper CANONICAL = ProtocolJson.mapper().rebuild()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private OpCodec() {
    }

    /**
     * Encodes an op for storage.
     *
     * @param op the op
     * @return the op with its canonical fields JSON and content hash
     */
    public static EncodedOp encode(Op op) {
        byte[] fields = canonicalFields(op.fields());
        var digest = Sha256.digest();
        digest.update(header(op).getBytes(StandardCharsets.UTF_8));
        digest.update(fields);
        return new EncodedOp(op, new String(fields, StandardCharsets.UTF_8), fields.length, digest.digest());
    }

    /**
     * The canonical fields JSON: {@code CANONICAL.writeValueAsBytes(fields)}, byte for byte (a test compares them).
     * Fields of scalar values only, the usual case, are written directly, in sorted order, with the same generator
     * calls the map serializer makes, without its per-call setup; anything else goes through the mapper.
     */
    static byte[] canonicalFields(Map<String, JsonNode> fields) {
        for (var value : fields.values()) {
            if (!directScalar(value)) {
                return CANONICAL.writeValueAsBytes(fields);
            }
        }
        var names = fields.keySet().toArray(String[]::new);
        Arrays.sort(names); // the natural order, as ORDER_MAP_ENTRIES_BY_KEYS sorts
        var out = new ByteArrayOutputStream(16 + names.length * 64);
        try (var g = CANONICAL.createGenerator(out)) {
            g.writeStartObject();
            for (var name : names) {
                g.writeName(name);
                var value = fields.get(name);
                switch (value.getNodeType()) {
                    case STRING -> g.writeString(value.stringValue());
                    case BOOLEAN -> g.writeBoolean(value.booleanValue());
                    case NULL -> g.writeNull();
                    default -> {
                        if (value.isInt()) {
                            g.writeNumber(value.intValue());
                        } else {
                            g.writeNumber(value.longValue());
                        }
                    }
                }
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Strings, booleans, nulls and int or long numbers: what {@link #canonicalFields} writes itself. */
    private static boolean directScalar(JsonNode value) {
        return value.isString() || value.isBoolean() || value.isNull() || value.isInt() || value.isLong();
    }

    /**
     * Decodes the fields JSON written by {@link #encode}.
     *
     * @param json a JSON object of column → value
     * @return the fields in the stored order
     */
    public static Map<String, JsonNode> decodeFields(String json) {
        var tree = ProtocolJson.mapper().readTree(json);
        var fields = new LinkedHashMap<String, JsonNode>(tree.size() * 2);
        for (var e : tree.properties()) {
            fields.put(e.getKey(), e.getValue());
        }
        return fields;
    }

    /**
     * Encodes one JSON value canonically (sorted object properties).
     *
     * @param value the value
     * @return its canonical JSON text
     */
    public static String canonicalJson(Object value) {
        return CANONICAL.writeValueAsString(value);
    }

    private static String header(Op op) {
        var base = op.baseVersion();
        return op.table() + '\0' + op.rowId() + '\0' + op.kind().name() + '\0' + op.hlc().encode() + '\0'
                + op.deviceId() + '\0' + op.schemaVersion() + '\0' + (base == null ? "-" : base.toString()) + '\0';
    }
}
