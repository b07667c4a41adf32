package dev.synckit.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One captured change to one row: the unit of sync.
 *
 * <p>Merge rule (DESIGN §4): every (table, row, column) keeps the clock of the write that set it, and a write
 * applies to a field only if its {@link #clockKey() clock key} is greater. A {@link OpKind#DELETE delete} is a
 * tombstone with the op's clock; an upsert with a greater clock re-creates the row.
 *
 * <p>Instances are immutable; {@link #fields()} is an unmodifiable map in insertion order whose values are
 * never Java {@code null} (a SQL {@code NULL} is a {@link NullNode}).
 *
 * @param opId the idempotency key, a UUIDv7 chosen by the writing device; the same op retried keeps its id
 * @param table the synced table name (or, in an end-to-end encrypted space, its keyed hash)
 * @param rowId the row's primary key as text
 * @param kind upsert or delete
 * @param fields column → value; for an upsert at least one column, for a delete none
 * @param hlc the writer's hybrid logical clock at the moment of the write
 * @param deviceId the writing device
 * @param schemaVersion the writer's declared schema version, {@code >= 1}
 * @param baseVersion for strict tables, the server version the write was based on; otherwise {@code null}
 * @since 0.1
 */
public record Op(
        UUID opId,
        String table,
        String rowId,
        OpKind kind,
        Map<String, JsonNode> fields,
        Hlc hlc,
        UUID deviceId,
        int schemaVersion,
        @Nullable Long baseVersion) {

    /** The most columns one op may carry. */
    public static final int MAX_FIELDS = 256;

    /**
     * Validates and freezes the components.
     *
     * @throws IllegalArgumentException if a component breaks the protocol's rules
     * @throws NullPointerException if a required component is missing
     */
    public Op {
        Objects.requireNonNull(opId, "op_id is required");
        Identifiers.requireName("table", table);
        Identifiers.requireRowId(rowId);
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(hlc, "hlc is required");
        Objects.requireNonNull(deviceId, "device_id is required");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema_version must be >= 1");
        }
        if (baseVersion != null && baseVersion < 0) {
            throw new IllegalArgumentException("base_version must be >= 0");
        }
        fields = freeze(fields);
        if (kind == OpKind.UPSERT && fields.isEmpty()) {
            throw new IllegalArgumentException("an upsert must carry at least one field");
        }
        if (kind == OpKind.DELETE && !fields.isEmpty()) {
            throw new IllegalArgumentException("a delete must not carry fields");
        }
    }

    /** An op without {@code base_version}. */
    public Op(UUID opId, String table, String rowId, OpKind kind, Map<String, JsonNode> fields, Hlc hlc,
              UUID deviceId, int schemaVersion) {
        this(opId, table, rowId, kind, fields, hlc, deviceId, schemaVersion, null);
    }

    /**
     * The total order used by the merge rule: the encoded HLC, then the device id. Two ops compare with
     * {@code a.clockKey().compareTo(b.clockKey())}.
     *
     * @return {@code hlc + "@" + device_id}
     */
    public String clockKey() {
        return hlc.encode() + "@" + deviceId;
    }

    private static Map<String, JsonNode> freeze(@Nullable Map<String, JsonNode> fields) {
        if (fields == null || fields.isEmpty()) {
            return Map.of();
        }
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("an op carries at most " + MAX_FIELDS + " fields");
        }
        var copy = new LinkedHashMap<String, JsonNode>(fields.size() * 2);
        fields.forEach((k, v) ->
                copy.put(Identifiers.requireName("field name", k), v == null ? NullNode.getInstance() : v));
        return Collections.unmodifiableMap(copy);
    }
}
