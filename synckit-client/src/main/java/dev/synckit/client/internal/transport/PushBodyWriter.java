package dev.synckit.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Identifiers;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Writes a push request body ({@code PushRequest} on the wire) op by op, straight from changelog columns, with a
 * streaming generator: no {@code Op} records, no JSON trees. A captured entry's {@code data} (the triggers'
 * {@code json_object} of whitelisted columns) is copied token by token, keeping only the columns the current
 * whitelist still names, so a column removed from the declaration never leaves the device.
 *
 * <p>Applies the rules the {@code Op} record would: a row id the protocol can carry, well-formed op ids and clocks,
 * at most {@value Op#MAX_FIELDS} fields, an upsert with at least one. An entry that breaks one is refused with an
 * {@link IllegalArgumentException} naming the rule (or a {@link JacksonException} if its data is not JSON) and
 * nothing of it is written; an upsert none of whose columns is still synced is refused by returning {@code false}.
 *
 * <p>A writer made with {@linkplain #sealing a sealing function} writes each op as that function returns it (an
 * end-to-end encrypted space's sealed op) instead: the op is read into an {@link Op} (its values parsed as
 * {@link SealedBodies} parses a written body, so the result equals sealing the plaintext body afterwards, byte for
 * byte), mapped, and written, so the body is not written, parsed back and written again.
 *
 * <p>One instance writes one body; not safe for concurrent use.
 */
public final class PushBodyWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    private final JsonGenerator gen;
    private final UUID device;
    private final String deviceId;
    private final int schemaVersion;
    private final List<UUID> opIds = new ArrayList<>();
    private final int[] spans = FlatJson.newSpans();
    private final String[] names = new String[FlatJson.MAX_PROPERTIES];
    private final @Nullable UnaryOperator<Op> sealing;

    /**
     * Starts a body of the ops as captured.
     *
     * @param deviceId the pushing device, which every op names
     * @param schemaVersion the declaration's version, {@code >= 1}
     */
    public PushBodyWriter(UUID deviceId, int schemaVersion) {
        this(deviceId, schemaVersion, null);
    }

    private PushBodyWriter(UUID deviceId, int schemaVersion, @Nullable UnaryOperator<Op> sealing) {
        this.sealing = sealing;
        this.device = deviceId;
        this.deviceId = deviceId.toString();
        this.schemaVersion = schemaVersion;
        this.gen = ProtocolJson.mapper().createGenerator(out);
        gen.writeStartObject();
        gen.writeStringProperty("device_id", this.deviceId);
        gen.writeArrayPropertyStart("ops");
    }

    /**
     * Starts a body whose ops are written as {@code seal} returns them; {@link #finish} marks it
     * {@linkplain PushBody#sealed() sealed}.
     *
     * @param deviceId the pushing device, which every op names
     * @param schemaVersion the declaration's version, {@code >= 1}
     * @param seal maps an op as captured to the op to send, with the same op id; it may throw to refuse the op, and
     *        the exception then leaves {@link #add} with nothing of the op written
     * @return the writer
     */
    public static PushBodyWriter sealing(UUID deviceId, int schemaVersion, UnaryOperator<Op> seal) {
        return new PushBodyWriter(deviceId, schemaVersion, seal);
    }

    /**
     * Appends one op.
     *
     * @param opId the op id, a UUID
     * @param table the table, a declared (syntax-checked) name
     * @param rowId the row id
     * @param delete whether the op is a delete
     * @param data the captured columns as a JSON object, or null (a delete)
     * @param hlc the encoded clock
     * @param whitelist the columns of the table that may leave the device
     * @return true if the op was written; false if it is an upsert with no column the whitelist still names
     * @throws IllegalArgumentException if the entry breaks a rule of the protocol
     * @throws JacksonException if {@code data} is not JSON
     */
    public boolean add(String opId, String table, String rowId, boolean delete, @Nullable String data, String hlc,
                       Set<String> whitelist) {
        if (sealing != null) {
            return addSealed(opId, table, rowId, delete, data, hlc, whitelist, sealing);
        }
        var id = UUID.fromString(opId);
        Identifiers.requireRowId(rowId);
        Hlc.parse(hlc);
        // The usual captured data is a flat object: its whitelisted values are copied as they are. Anything else
        // goes through a parser, which also rejects what is not JSON.
        int flat = delete || data == null ? -1 : FlatJson.scan(data, spans);
        int fields = delete || data == null ? 0 : flat >= 0 ? matchSynced(data, flat, whitelist)
                : countSynced(data, whitelist);
        if (!delete && fields == 0) {
            return false;
        }
        if (fields > Op.MAX_FIELDS) {
            throw new IllegalArgumentException("an op carries at most " + Op.MAX_FIELDS + " fields");
        }
        gen.writeStartObject();
        gen.writeStringProperty("op_id", id.toString());
        gen.writeStringProperty("table", table);
        gen.writeStringProperty("row_id", rowId);
        gen.writeStringProperty("kind", delete ? "delete" : "upsert");
        gen.writeObjectPropertyStart("fields");
        if (fields > 0 && flat >= 0) {
            copyFlat(data, flat);
        } else if (fields > 0) {
            copySynced(data, whitelist);
        }
        gen.writeEndObject();
        gen.writeStringProperty("hlc", hlc);
        gen.writeStringProperty("device_id", deviceId);
        gen.writeNumberProperty("schema_version", schemaVersion);
        gen.writeEndObject();
        opIds.add(id);
        return true;
    }

    private boolean addSealed(String opId, String table, String rowId, boolean delete, @Nullable String data,
                              String hlc, Set<String> whitelist, UnaryOperator<Op> seal) {
        var fields = delete || data == null ? new LinkedHashMap<String, JsonNode>() : readSynced(data, whitelist);
        if (!delete && fields.isEmpty()) {
            return false;
        }
        // The Op constructor checks the row id and the number of fields, with the messages the plain path uses.
        var plain = new Op(UUID.fromString(opId), table, rowId, delete ? OpKind.DELETE : OpKind.UPSERT, fields,
                Hlc.parse(hlc), device, schemaVersion, null);
        var sealed = seal.apply(plain);
        SealedBodies.writeOp(gen, sealed);
        opIds.add(sealed.opId());
        return true;
    }

    /** Reads the data's top-level properties the whitelist names, in order; checks that it is one JSON object. */
    private static LinkedHashMap<String, JsonNode> readSynced(String data, Set<String> whitelist) {
        var fields = new LinkedHashMap<String, JsonNode>();
        try (var p = ProtocolJson.mapper().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("captured data must be a JSON object");
            }
            for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                var name = p.currentName();
                var value = p.nextToken();
                if (whitelist.contains(name)) {
                    fields.put(name, SealedBodies.value(p, value));
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("captured data must be one JSON object");
            }
        }
        return fields;
    }

    /** {@return how many ops were written} */
    public int size() {
        return opIds.size();
    }

    /** {@return about how many bytes the body has so far} */
    public long bytes() {
        return out.size() + gen.streamWriteOutputBuffered();
    }

    /**
     * Ends the body.
     *
     * @return the body and its op ids in order
     */
    public PushBody finish() {
        gen.writeEndArray();
        gen.writeEndObject();
        gen.close();
        return new PushBody(out.toByteArray(), List.copyOf(opIds), sealing != null);
    }

    /** Finds the scanned properties the whitelist names: {@link #names} holds them, null for the others. */
    private int matchSynced(String data, int properties, Set<String> whitelist) {
        int count = 0;
        for (int i = 0; i < properties; i++) {
            int at = i * FlatJson.SPAN;
            var name = data.substring(spans[at], spans[at + 1]);
            names[i] = whitelist.contains(name) ? name : null;
            count += names[i] != null ? 1 : 0;
        }
        return count;
    }

    private void copyFlat(String data, int properties) {
        for (int i = 0; i < properties; i++) {
            if (names[i] != null) {
                int at = i * FlatJson.SPAN;
                gen.writeName(names[i]);
                gen.writeRawValue(data, spans[at + 2], spans[at + 3] - spans[at + 2]);
            }
        }
    }

    /** Counts the data's top-level properties the whitelist names; checks that the data is a JSON object. */
    private static int countSynced(String data, Set<String> whitelist) {
        try (var p = ProtocolJson.mapper().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("captured data must be a JSON object");
            }
            int count = 0;
            for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                if (whitelist.contains(p.currentName())) {
                    count++;
                }
                p.nextToken();
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("captured data must be one JSON object");
            }
            return count;
        }
    }

    private void copySynced(String data, Set<String> whitelist) {
        try (JsonParser p = ProtocolJson.mapper().createParser(data)) {
            p.nextToken();
            for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                var name = p.currentName();
                p.nextToken();
                if (whitelist.contains(name)) {
                    gen.writeName(name);
                    gen.copyCurrentStructure(p);
                } else {
                    p.skipChildren();
                }
            }
        }
    }
}
