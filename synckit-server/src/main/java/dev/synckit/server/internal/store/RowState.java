package dev.synckit.server.internal.store;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/**
 * The server's materialized state of one row, and the merge rule (DESIGN §4) that decides whether an op changes it.
 *
 * <p>Every field keeps the {@linkplain Op#clockKey() clock key} of the write that set it; the row keeps the clock
 * key of its newest delete (its tombstone). A field is visible iff its clock key is greater than the tombstone.
 * Clock keys compare as strings: the fixed-width HLC, then the device id.
 *
 * <ul>
 *   <li>An upsert wins a field iff its clock key is greater than the field's and than the tombstone. It is
 *       applied iff it wins at least one field; otherwise it is superseded.</li>
 *   <li>A delete is applied iff its clock key is greater than the tombstone (or there is none). It then drops the
 *       fields it hides: a later write must beat the tombstone anyway, so nothing observable is lost.</li>
 * </ul>
 *
 * <p>Stored as one row per (space, table, row id): the tombstone and the fields as
 * {@code [["clock key", ...], {"column": value, ...}, {"column": clock index, ...}]}: each distinct clock key once
 * (a row written by one op, the common case, stores its 56-character key once instead of once per column), the
 * values by column (sorted), and the index of each column's clock key where it is not the first (the third element
 * is left out when every column has the first). A new row set by one upsert is thus stored as
 * {@code [["clock key"], <the op's canonical fields JSON>]}, written without encoding anything. {@link #decode}
 * also reads the first format, {@code {"column": ["clock key", value], ...}}, which stores written before 2026-12
 * hold. Not thread-safe; used inside one push transaction.
 */
public final class RowState {

    private final String table;
    private final String rowId;
    private @Nullable String tombstone;
    private final TreeMap<String, Field> fields;
    private boolean dirty;
    /** The canonical fields JSON of the one upsert that set every field of a new row, while that is all it holds. */
    private @Nullable String onlyUpsertJson;

    private record Field(String clock, JsonNode value) {
    }

    private RowState(String table, String rowId, @Nullable String tombstone, TreeMap<String, Field> fields) {
        this.table = Objects.requireNonNull(table, "table");
        this.rowId = Objects.requireNonNull(rowId, "rowId");
        this.tombstone = tombstone;
        this.fields = fields;
    }

    /**
     * A row the space has never seen.
     *
     * @param table the table
     * @param rowId the row id
     * @return an empty state
     */
    public static RowState empty(String table, String rowId) {
        return new RowState(table, rowId, null, new TreeMap<>());
    }

    /**
     * Decodes a stored state.
     *
     * @param table the table
     * @param rowId the row id
     * @param tombstone the stored tombstone clock key, or null
     * @param fieldsJson the stored fields JSON, see the class comment
     * @return the state
     */
    public static RowState decode(String table, String rowId, @Nullable String tombstone, String fieldsJson) {
        var fields = new TreeMap<String, Field>();
        var tree = ProtocolJson.mapper().readTree(fieldsJson);
        if (tree.isObject()) { // the first format: every field with its own clock key
            for (var e : tree.properties()) {
                var pair = e.getValue();
                fields.put(e.getKey(), new Field(pair.get(0).asString(), pair.get(1)));
            }
        } else {
            var clocks = tree.get(0);
            var indexes = tree.size() > 2 ? tree.get(2) : null;
            for (var e : tree.get(1).properties()) {
                var index = indexes != null && indexes.has(e.getKey()) ? indexes.get(e.getKey()).asInt() : 0;
                fields.put(e.getKey(), new Field(clocks.get(index).asString(), e.getValue()));
            }
        }
        return new RowState(table, rowId, tombstone, fields);
    }

    /**
     * Merges an op into this row.
     *
     * @param op an op of this row
     * @return true if the op changed the row (applied), false if newer writes already won (superseded)
     */
    public boolean apply(Op op) {
        return apply(op, null);
    }

    /**
     * Merges an op into this row, knowing its canonical fields JSON ({@link OpCodec}): a new row that only this
     * upsert sets is then stored without encoding its fields again.
     *
     * @param op an op of this row
     * @param canonicalFieldsJson the op's fields as {@link OpCodec#encode} wrote them, or null if not at hand
     * @return true if the op changed the row (applied), false if newer writes already won (superseded)
     */
    public boolean apply(Op op, @Nullable String canonicalFieldsJson) {
        boolean fresh = fields.isEmpty() && tombstone == null && !dirty;
        onlyUpsertJson = null;
        String clock = op.clockKey();
        if (tombstone != null && clock.compareTo(tombstone) <= 0) {
            return false;
        }
        if (op.kind() == OpKind.DELETE) {
            tombstone = clock;
            fields.values().removeIf(f -> f.clock().compareTo(clock) < 0);
            dirty = true;
            return true;
        }
        boolean won = false;
        for (var e : op.fields().entrySet()) {
            var current = fields.get(e.getKey());
            if (current == null || clock.compareTo(current.clock()) > 0) {
                fields.put(e.getKey(), new Field(clock, e.getValue()));
                won = true;
            }
        }
        dirty |= won;
        if (fresh && won) {
            onlyUpsertJson = canonicalFieldsJson;
        }
        return won;
    }

    /** Returns the table. */
    public String table() {
        return table;
    }

    /** Returns the row id. */
    public String rowId() {
        return rowId;
    }

    /** Returns the tombstone's clock key, or null if the row was never deleted. */
    public @Nullable String tombstone() {
        return tombstone;
    }

    /** Returns whether {@link #apply} changed the row since it was loaded. */
    public boolean dirty() {
        return dirty;
    }

    /** Returns whether the row exists: at least one field is visible. */
    public boolean visible() {
        return !visibleFields().isEmpty();
    }

    /** Returns the visible fields, column → value, sorted by column. */
    public Map<String, JsonNode> visibleFields() {
        var out = new LinkedHashMap<String, JsonNode>();
        fields.forEach((name, f) -> {
            if (tombstone == null || f.clock().compareTo(tombstone) > 0) {
                out.put(name, f.value());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Returns the fields JSON to store, see the class comment. Runs once per changed row of every push. */
    public String encodeFields() {
        var only = onlyUpsertJson;
        if (only != null) {
            // Clock keys are digits, '-', '@' and hex: nothing to escape.
            return "[[\"" + fields.firstEntry().getValue().clock() + "\"]," + only + "]";
        }
        var clocks = new ArrayList<String>(2);
        for (var field : fields.values()) {
            if (!clocks.contains(field.clock())) {
                clocks.add(field.clock());
            }
        }
        var out = new StringWriter(96 + fields.size() * 48);
        try (var g = ProtocolJson.mapper().createGenerator(out)) {
            g.writeStartArray();
            g.writeStartArray();
            for (var clock : clocks) {
                g.writeString(clock);
            }
            g.writeEndArray();
            g.writeStartObject();
            for (var e : fields.entrySet()) {
                g.writeName(e.getKey());
                g.writeTree(e.getValue().value());
            }
            g.writeEndObject();
            if (clocks.size() > 1) {
                g.writeStartObject();
                for (var e : fields.entrySet()) {
                    int index = clocks.indexOf(e.getValue().clock());
                    if (index > 0) {
                        g.writeNumberProperty(e.getKey(), index);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toString();
    }
}
