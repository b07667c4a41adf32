package dev.synckit.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Identifiers;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

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
 * <p>One instance writes one body; not safe for concurrent use.
 */
public final class PushBodyWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    private final JsonGenerator gen;
    private final String deviceId;
    private final int schemaVersion;
    private final List<UUID> opIds = new ArrayList<>();
    private final int[] spans = FlatJson.newSpans();
    private final String[] names = new String[FlatJson.MAX_PROPERTIES];

    /**
     * Starts a body.
     *
     * @param deviceId the pushing device, which every op names
     * @param schemaVersion the declaration's version, {@code >= 1}
     */
    public PushBodyWriter(UUID deviceId, int schemaVersion) {
        this.deviceId = deviceId.toString();
        this.schemaVersion = schemaVersion;
        this.gen = ProtocolJson.mapper().createGenerator(out);
        gen.writeStartObject();
        gen.writeStringProperty("device_id", this.deviceId);
        gen.writeArrayPropertyStart("ops");
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
        return new PushBody(out.toByteArray(), List.copyOf(opIds));
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
