package dev.synckit.server.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.SequencedOp;
import tools.jackson.core.JsonGenerator;

/**
 * A page of a space's log as the store holds it: every op component as stored text, the fields as their stored
 * canonical JSON. {@link #toJson()} writes the pull response from it directly (the fields copied as they are), so
 * serving a pull never parses and re-encodes the fields of every op; {@link #toPullPage()} gives the protocol
 * records for the paths that need them ({@link Store#pull}, tests); the realtime feed writes its {@code ops} frames
 * from the stored text too ({@link #writeSequenced}).
 *
 * <p>Both stores read their log into this with {@link #read}, from a query that selects {@link #COLUMNS}.
 *
 * @param ops the ops in seq order
 * @param nextCursor the last seq of the page, or the cursor the page was read after if it is empty
 * @param hasMore whether more ops follow right now
 */
public record LogPage(List<Entry> ops, long nextCursor, boolean hasMore) {

    /** The columns of the {@code ops} table a log query selects, in the order {@link #read} expects. */
    public static final String COLUMNS =
            "seq, op_id, tbl, row_id, kind, hlc, device_id, schema_version, base_version, fields";

    /**
     * One stored op.
     *
     * @param seq its seq
     * @param opId its op id, canonical UUID text
     * @param table its table
     * @param rowId its row id
     * @param kind {@code upsert} or {@code delete}
     * @param hlc its HLC, encoded
     * @param deviceId its device, canonical UUID text
     * @param schemaVersion its schema version
     * @param baseVersion its base version, or null
     * @param fieldsJson its fields as canonical JSON ({@link OpCodec})
     */
    public record Entry(long seq, String opId, String table, String rowId, String kind, String hlc, String deviceId,
                        int schemaVersion, @Nullable Long baseVersion, String fieldsJson) {

        SequencedOp toSequencedOp() {
            var op = new Op(UUID.fromString(opId), table, rowId, "delete".equals(kind) ? OpKind.DELETE : OpKind.UPSERT,
                    OpCodec.decodeFields(fieldsJson), Hlc.parse(hlc), UUID.fromString(deviceId), schemaVersion,
                    baseVersion);
            return new SequencedOp(seq, op);
        }
    }

    /** Freezes the components. */
    public LogPage {
        ops = List.copyOf(Objects.requireNonNull(ops, "ops"));
    }

    /**
     * Reads a page from a log query's result (columns {@link #COLUMNS}, ordered by seq, limited to
     * {@code limit + 1} rows, so that one more row than fits tells {@code has_more}).
     *
     * @param rs the result
     * @param after the cursor the query read after
     * @param limit the most ops the page holds
     * @param maxBytes a soft cap on the page's field characters: the page stops early once it holds an op and the
     *        next would exceed it
     * @return the page
     * @throws SQLException if reading fails
     */
    public static LogPage read(ResultSet rs, long after, int limit, long maxBytes) throws SQLException {
        var ops = new ArrayList<Entry>(Math.min(limit, 1024));
        boolean hasMore = false;
        long bytes = 0;
        while (rs.next()) {
            String fields = rs.getString(10);
            bytes += fields.length();
            if (ops.size() == limit || (!ops.isEmpty() && bytes > maxBytes)) {
                hasMore = true;
                break;
            }
            long base = rs.getLong(9);
            Long baseVersion = rs.wasNull() ? null : base;
            ops.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getInt(8), baseVersion, fields));
        }
        long next = ops.isEmpty() ? after : ops.getLast().seq();
        return new LogPage(ops, next, hasMore);
    }

    /**
     * Returns the protocol records of this page.
     *
     * @return the page as {@link PullPage}
     */
    public PullPage toPullPage() {
        return new PullPage(ops.stream().map(Entry::toSequencedOp).toList(), nextCursor, hasMore);
    }

    /**
     * Returns the pull response body: exactly the JSON of {@link #toPullPage()} under {@link ProtocolJson}, with
     * each op's fields copied from the store.
     *
     * @return UTF-8 JSON
     */
    public byte[] toJson() {
        var out = new ByteArrayOutputStream();
        writeJson(out);
        return out.toByteArray();
    }

    /**
     * Writes the pull response body ({@link #toJson()}'s bytes) to a stream, as it is generated: a page of thousands
     * of sealed ops is megabytes, which the server then never holds as one array (or two, with the copy).
     *
     * @param out the stream; closed when the body is written
     * @throws tools.jackson.core.JacksonException if writing fails (the client went away)
     */
    public void writeJson(OutputStream out) {
        try (var g = ProtocolJson.mapper().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayPropertyStart("ops");
            for (var e : ops) {
                writeSequenced(g, e);
            }
            g.writeEndArray();
            g.writeNumberProperty("next_cursor", nextCursor);
            g.writeBooleanProperty("has_more", hasMore);
            g.writeEndObject();
        }
    }

    /**
     * Writes one op as its {@code SequencedOp} JSON ({@code {"seq": …, "op": {…}}}), the fields copied as stored:
     * what both the pull body and the realtime {@code ops} frame hold per op.
     *
     * @param g the generator, inside an array
     * @param e the op
     */
    public static void writeSequenced(JsonGenerator g, Entry e) {
        g.writeStartObject();
        g.writeNumberProperty("seq", e.seq());
        g.writeObjectPropertyStart("op");
        g.writeStringProperty("op_id", e.opId());
        g.writeStringProperty("table", e.table());
        g.writeStringProperty("row_id", e.rowId());
        g.writeStringProperty("kind", e.kind());
        g.writeName("fields");
        g.writeRawValue(e.fieldsJson());
        g.writeStringProperty("hlc", e.hlc());
        g.writeStringProperty("device_id", e.deviceId());
        g.writeNumberProperty("schema_version", e.schemaVersion());
        if (e.baseVersion() != null) {
            g.writeNumberProperty("base_version", e.baseVersion());
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
