package dev.synckit.client.internal.transport;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Identifiers;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * Decodes a pull page ({@code {"ops": [{"seq": …, "op": {…}}, …], "next_cursor": …, "has_more": …}}) token by
 * token into {@link RemoteOp}s, so that a page of thousands of ops costs no {@code Op} records, no JSON trees and
 * no regular expression per field: names repeat on every op, so each distinct table and field name is checked once
 * per page, and each device id is parsed once.
 *
 * <p>Applies the same rules as the protocol records ({@code PullPage}, {@code SequencedOp}, {@code Op}): required
 * properties, {@code seq >= 1}, identifier and row id syntax, well-formed clocks and device ids, an upsert with at
 * least one and at most {@value Op#MAX_FIELDS} fields, a delete with none, {@code schema_version >= 1}; unknown
 * properties are ignored (newer servers may add some) and nothing may follow the page. A page that breaks a rule
 * fails as a whole with an {@link IllegalArgumentException} that names the rule, never a value; malformed JSON
 * fails with a {@link JacksonException}.
 *
 * <p>The ops of a realtime {@code ops} frame are decoded by the same code ({@link FrameDecoder}), so a streamed op
 * and a pulled op follow the same rules and come out alike.
 *
 * <p>One instance decodes one page (or one frame); not safe for concurrent use.
 */
public final class PageDecoder {

    private static final String TOO_MANY_FIELDS = "an op carries at most " + Op.MAX_FIELDS + " fields";
    /** Reads one nested value in the middle of the page (the page goes on after it). */
    private static final ObjectReader NESTED = ProtocolJson.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Set<String> checkedNames = new HashSet<>();
    private final Map<String, UUID> devices = new HashMap<>();
    private final Map<UUID, String> deviceText = new HashMap<>();
    private @Nullable String maxHlc;
    /** The previous op's field names: ops of one table usually carry the same ones, so they share one array. */
    private final SharedNames sharedNames = new SharedNames();

    PageDecoder() {
    }

    /**
     * Decodes a page from a stream (read to its end, not closed).
     *
     * @param in the JSON body
     * @return the page
     * @throws JacksonException if the body is not well-formed JSON
     * @throws IllegalArgumentException if the body breaks a rule of the protocol
     */
    public static RemotePage decode(InputStream in) {
        try (var p = ProtocolJson.mapper().createParser(in)) {
            return new PageDecoder().page(p);
        }
    }

    /**
     * Decodes a page from bytes.
     *
     * @param json the JSON body
     * @return the page
     * @throws JacksonException if the body is not well-formed JSON
     * @throws IllegalArgumentException if the body breaks a rule of the protocol
     */
    public static RemotePage decode(byte[] json) {
        try (var p = ProtocolJson.mapper().createParser(json)) {
            return new PageDecoder().page(p);
        }
    }

    private RemotePage page(JsonParser p) {
        expect(p.nextToken() == JsonToken.START_OBJECT, "a page must be a JSON object");
        List<RemoteOp> ops = null;
        Long next = null;
        Boolean more = null;
        for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            var name = p.currentName();
            var value = p.nextToken();
            switch (name) {
                case "ops" -> ops = ops(p, value);
                case "next_cursor" -> next = number(p, value, "next_cursor");
                case "has_more" -> more = bool(value, "has_more");
                default -> p.skipChildren();
            }
        }
        expect(p.nextToken() == null, "nothing may follow the page");
        expect(ops != null, "ops is required");
        expect(next != null, "next_cursor is required");
        expect(more != null, "has_more is required");
        return new RemotePage(ops, next, more, maxHlc);
    }

    /**
     * Reads an array of sequenced ops ({@code [{"seq": …, "op": {…}}, …]}), the parser at its first token.
     *
     * @param p the parser
     * @param t the array's first token
     * @return the ops, in the order read
     */
    List<RemoteOp> ops(JsonParser p, JsonToken t) {
        expect(t == JsonToken.START_ARRAY, "ops must be an array");
        var ops = new ArrayList<RemoteOp>();
        for (var item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
            expect(item == JsonToken.START_OBJECT, "ops[] must hold objects");
            ops.add(sequenced(p));
        }
        return ops;
    }

    /** {@return the largest clock of the ops read so far (encoded), or null if none was read} */
    @Nullable String maxHlc() {
        return maxHlc;
    }

    private RemoteOp sequenced(JsonParser p) {
        Long seq = null;
        RemoteOp op = null;
        for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            var name = p.currentName();
            var value = p.nextToken();
            switch (name) {
                case "seq" -> seq = number(p, value, "seq");
                case "op" -> {
                    expect(value == JsonToken.START_OBJECT, "op must be an object");
                    op = op(p);
                }
                default -> p.skipChildren();
            }
        }
        expect(seq != null && seq >= 1, "seq is required and must be >= 1");
        expect(op != null, "op is required");
        return new RemoteOp(seq, op.table(), op.rowId(), op.delete(), op.columns(), op.values(), op.hlc(),
                op.deviceId(), op.clockKey());
    }

    /** Reads one op object; its {@code seq} is filled in by the caller. */
    private RemoteOp op(JsonParser p) {
        String opId = null;
        String table = null;
        String rowId = null;
        String kind = null;
        String hlc = null;
        UUID device = null;
        Long schemaVersion = null;
        var columns = new String[0];
        var values = new Object[0];
        int fields = 0;
        for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            var name = p.currentName();
            var value = p.nextToken();
            switch (name) {
                case "op_id" -> opId = text(p, value, "op_id");
                case "table" -> table = name(text(p, value, "table"), "table");
                case "row_id" -> rowId = Identifiers.requireRowId(text(p, value, "row_id"));
                case "kind" -> kind = text(p, value, "kind");
                case "hlc" -> hlc = text(p, value, "hlc");
                case "device_id" -> device = device(text(p, value, "device_id"));
                case "schema_version" -> schemaVersion = number(p, value, "schema_version");
                case "base_version" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        expect(number(p, value, "base_version") >= 0, "base_version must be >= 0");
                    }
                }
                case "fields" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        fields = 0;
                        continue;
                    }
                    expect(value == JsonToken.START_OBJECT, "fields must be an object");
                    columns = new String[8];
                    values = new Object[8];
                    fields = 0;
                    for (var f = p.nextToken(); f == JsonToken.PROPERTY_NAME; f = p.nextToken()) {
                        var column = name(p.currentName(), "field name");
                        var v = value(p, p.nextToken());
                        int at = indexOf(columns, fields, column);
                        if (at >= 0) {
                            values[at] = v; // a repeated name: the last value wins, as when parsed into a map
                            continue;
                        }
                        expect(fields < Op.MAX_FIELDS, TOO_MANY_FIELDS);
                        if (fields == columns.length) {
                            columns = Arrays.copyOf(columns, fields * 2);
                            values = Arrays.copyOf(values, fields * 2);
                        }
                        columns[fields] = column;
                        values[fields++] = v;
                    }
                }
                default -> p.skipChildren();
            }
        }
        expect(opId != null, "op_id is required");
        UUID.fromString(opId); // syntax only; the apply does not need op ids
        expect(table != null, "table is required");
        expect(rowId != null, "row_id is required");
        expect(kind != null, "kind is required");
        expect(kind.equals("upsert") || kind.equals("delete"), "kind must be upsert or delete");
        expect(hlc != null, "hlc is required");
        Hlc.parse(hlc);
        expect(device != null, "device_id is required");
        expect(schemaVersion != null && schemaVersion >= 1, "schema_version is required and must be >= 1");
        boolean delete = kind.equals("delete");
        expect(delete || fields > 0, "an upsert must carry at least one field");
        expect(!delete || fields == 0, "a delete must not carry fields");
        if (maxHlc == null || hlc.compareTo(maxHlc) > 0) {
            maxHlc = hlc;
        }
        return new RemoteOp(0, table, rowId, delete, sharedNames.of(columns, fields), Arrays.copyOf(values, fields),
                hlc, device, hlc + "@" + deviceText.get(device));
    }

    private static int indexOf(String[] names, int count, String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Reads one field value in the form {@link RemoteOp} documents; also reads opened values of sealed pages. */
    static @Nullable Object value(JsonParser p, JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getString()
                    : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> 1;
            case VALUE_FALSE -> 0;
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> NESTED.readTree(p).toString();
            default -> throw new IllegalArgumentException("a field value must be a JSON value");
        };
    }

    private String name(String name, String what) {
        if (!checkedNames.contains(name)) {
            Identifiers.requireName(what, name);
            checkedNames.add(name);
        }
        return name;
    }

    private UUID device(String text) {
        var device = devices.get(text);
        if (device == null) {
            device = UUID.fromString(text);
            devices.put(text, device);
            deviceText.putIfAbsent(device, device.toString());
        }
        return device;
    }

    static String text(JsonParser p, JsonToken t, String what) {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(what + " must be a string");
        }
        return p.getString();
    }

    private static long number(JsonParser p, JsonToken t, String what) {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new IllegalArgumentException(what + " must be an integer");
        }
        return p.getLongValue();
    }

    private static boolean bool(JsonToken t, String what) {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new IllegalArgumentException(what + " must be true or false");
        }
        return t == JsonToken.VALUE_TRUE;
    }

    static void expect(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException(message);
        }
    }
}
