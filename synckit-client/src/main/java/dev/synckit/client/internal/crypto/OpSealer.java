package dev.synckit.client.internal.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.ProtocolJson;

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
 * Seals ops for an end-to-end encrypted space right before push, and opens them right after pull: the envelope of
 * {@code docs/ENCRYPTION.md}, version 2 when sealing, version 1 or 2 when opening.
 *
 * <p>A sealed op keeps in the clear what the server needs to sequence, merge, compact and authorize: op id,
 * device, HLC, kind, schema version, base version (and the space, in the URL). Its table becomes a keyed hash
 * ({@code e1_…}, {@link NameHasher}); its row id becomes the sealed table name and row id ({@link RowIdCipher},
 * deterministic, so a row keeps one identity). Its fields become, in version 2, {@code c_… → ""} for each column
 * plus {@code e2 → all [column, value] pairs sealed together} ({@link FieldSetCipher}), bound to the row, the write's
 * clock key and the set of column hashes; in version 1 (still sealed for an op of {@value Op#MAX_FIELDS} fields,
 * which has no room for {@code e2}), {@code c_… → sealed [column, value]} each ({@link FieldCipher}). Fields are
 * sent in hash order, so their order reveals nothing. {@link #open} checks everything {@link #seal} produced and
 * turns any mismatch into {@link CryptoException.Reason#TAMPERED}.
 *
 * <p>Sealing is deterministic: the same op sealed twice, on any device with the key, gives equal ops. A retried
 * push is therefore byte-identical, as the server's {@code op_id} idempotency check requires.
 *
 * <p>Safe for concurrent use. Keeps its own copy of the master key and derives each space's keys once;
 * {@link #close()} wipes them, after which both methods throw {@link IllegalStateException}.
 */
public final class OpSealer implements AutoCloseable {

    /** The most UTF-8 bytes a table name and a row id may have together in an encrypted space. */
    public static final int MAX_TABLE_AND_ROW_ID_BYTES = RowIdCipher.MAX_NAME_BYTES;

    private static final Pattern OTHER_VERSION = Pattern.compile("e[0-9]+_.*");
    private static final Pattern OTHER_FIELD_VERSION = Pattern.compile("e[0-9]+");
    // A value is read from the middle of the [column, value] array, so the tokens after it are not trailing garbage.
    private static final ObjectReader NESTED = ProtocolJson.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final ValueReader<JsonNode> TREE = new ValueReader<>() {
        @Override
        public JsonNode read(JsonParser parser, JsonToken first) {
            return NESTED.readTree(parser);
        }

        @Override
        public boolean readsScalars() {
            return true;
        }

        @Override
        public JsonNode string(String value) {
            return StringNode.valueOf(value);
        }

        @Override
        public JsonNode integer(long value) {
            // As Jackson's tree: an int node where the value fits, else a long node.
            return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
        }

        @Override
        public JsonNode bool(boolean value) {
            return BooleanNode.valueOf(value);
        }

        @Override
        public JsonNode absent() {
            return NullNode.getInstance();
        }
    };

    private final MasterKey masterKey;
    private final Map<UUID, SpaceKeys.SpaceCipher> spaces = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private OpSealer(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    /**
     * Creates a sealer.
     *
     * @param masterKey the account's master key; copied, the caller may destroy its own
     * @return the sealer
     */
    public static OpSealer create(MasterKey masterKey) {
        var bytes = masterKey.copyBytes();
        try {
            return new OpSealer(MasterKey.of(bytes));
        } finally {
            Bytes.wipe(bytes);
        }
    }

    /**
     * Returns whether an op's table name has the sealed form (a version-1 table hash). It does not authenticate
     * anything.
     *
     * @param table the table name of an op
     * @return whether it has the sealed form
     */
    public static boolean looksSealed(String table) {
        return NameHasher.isTableHash(table);
    }

    /**
     * Returns whether a row can be synced in an encrypted space: its table name and row id fit the sealed row id.
     *
     * @param table the table name
     * @param rowId the row id
     * @return whether they fit ({@value RowIdCipher#MAX_NAME_BYTES} bytes of UTF-8 together)
     */
    public static boolean fits(String table, String rowId) {
        return RowIdCipher.fits(table, rowId);
    }

    /**
     * Seals an op.
     *
     * @param spaceId the space it is pushed to (its real id, not the {@code default} alias)
     * @param plain the op as captured
     * @return the sealed op, with the same op id, device, clock, kind and versions
     * @throws IllegalArgumentException if the row does not {@linkplain #fits fit}
     */
    public Op seal(UUID spaceId, Op plain) {
        var cipher = cipher(spaceId);
        var tableHash = cipher.names().table(plain.table());
        var sealedRowId = cipher.rows().seal(tableHash, plain.table(), plain.rowId());
        var hlc = plain.hlc().encode();
        Map<String, JsonNode> fields;
        if (plain.fields().isEmpty()) {
            fields = Map.of();
        } else if (plain.fields().size() < Op.MAX_FIELDS) {
            var write = new FieldSetCipher.Write(tableHash, sealedRowId, hlc, plain.deviceId());
            fields = cipher.fieldSets().sealFields(write, plain.table(), plain.fields());
        } else { // no room for version 2's extra field: version 1
            var binding = cipher.fields().binding(tableHash, sealedRowId, hlc, plain.deviceId());
            fields = cipher.fields().sealFields(binding, plain.table(), plain.fields());
        }
        return new Op(plain.opId(), tableHash, sealedRowId, plain.kind(), fields, plain.hlc(), plain.deviceId(),
                plain.schemaVersion(), plain.baseVersion());
    }

    /**
     * Opens a sealed op.
     *
     * @param spaceId the space it was pulled from
     * @param sealed the op as pulled
     * @return the plaintext op, with the same op id, device, clock, kind and versions
     * @throws CryptoException with {@link CryptoException.Reason#TAMPERED} if the op is not sealed or anything in
     *         it fails to authenticate or to match, or {@link CryptoException.Reason#UNSUPPORTED_FORMAT} if a newer
     *         envelope version sealed it
     */
    public Op open(UUID spaceId, Op sealed) {
        var columns = sealed.fields().keySet().toArray(String[]::new);
        var values = sealed.fields().values().stream()
                .map(v -> v.isString() ? (Object) v.stringValue() : v).toArray();
        var opened = open(spaceId, "op " + sealed.opId(), sealed.table(), sealed.rowId(), sealed.hlc().encode(),
                sealed.deviceId(), columns, values, TREE);
        var fields = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < opened.columns().size(); i++) {
            fields.put(opened.columns().get(i), opened.values().get(i));
        }
        return new Op(sealed.opId(), opened.table(), opened.rowId(), sealed.kind(), fields, sealed.hlc(),
                sealed.deviceId(), sealed.schemaVersion(), sealed.baseVersion());
    }

    /**
     * An opened op: its plaintext table, row id and fields.
     *
     * @param table the table name
     * @param rowId the row id
     * @param columns the column names, in the order the fields arrived (version 1) or of their column hashes
     *        (version 2)
     * @param values the values, parallel to {@code columns}, in the form the {@link ValueReader} gave
     * @param <T> the values' form
     */
    public record Opened<T extends @Nullable Object>(String table, String rowId, List<String> columns,
                                                     List<T> values) {
    }

    /**
     * Opens a sealed op given as its parts, the form a streamed page decoder produces.
     *
     * @param spaceId the space it was pulled from
     * @param what names the op in error messages (its op id or log position; never a value)
     * @param table the table as pulled (a keyed hash)
     * @param rowId the row id as pulled (sealed)
     * @param hlc the encoded clock as pulled
     * @param deviceId the writing device
     * @param columns the field names as pulled (column hashes)
     * @param values the field values as pulled, parallel to {@code columns}; a sealed value is a {@link String}
     * @param reader reads each opened value
     * @return the plaintext parts
     * @throws CryptoException as {@link #open(UUID, Op)}
     */
    public <T extends @Nullable Object> Opened<T> open(UUID spaceId, String what, String table, String rowId,
                                                       String hlc, UUID deviceId, String[] columns,
                                                       @Nullable Object[] values, ValueReader<T> reader) {
        if (!NameHasher.isTableHash(table)) {
            if (OTHER_VERSION.matcher(table).matches()) {
                throw new CryptoException(CryptoException.Reason.UNSUPPORTED_FORMAT,
                        what + " uses an envelope version this SDK does not know", null);
            }
            throw tampered(what, "it is not encrypted");
        }
        int fieldSet = fieldSetIndex(what, columns);
        var cipher = cipher(spaceId);
        try {
            var row = cipher.rows().open(table, rowId);
            var fields = fieldSet >= 0
                    ? cipher.fieldSets().openFields(new FieldSetCipher.Write(table, rowId, hlc, deviceId),
                            row.table(), columns, values, fieldSet, reader)
                    : cipher.fields().openFields(cipher.fields().binding(table, rowId, hlc, deviceId), row.table(),
                            columns, values, reader);
            var names = new ArrayList<String>(fields.size());
            var opened = new ArrayList<T>(fields.size());
            for (var field : fields) {
                names.add(field.column());
                opened.add(field.value());
            }
            return new Opened<>(row.table(), row.rowId(), names, opened);
        } catch (CryptoException e) {
            throw tampered(what, e.getMessage());
        }
    }

    /**
     * Returns where an op's version-2 field is, or -1 if it has none (version 1, or a delete).
     *
     * @throws CryptoException with {@link CryptoException.Reason#UNSUPPORTED_FORMAT} for a field of a newer version
     */
    private static int fieldSetIndex(String what, String[] columns) {
        int found = -1;
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(FieldSetCipher.FIELD)) {
                found = i;
            } else if (columns[i].startsWith("e") && OTHER_FIELD_VERSION.matcher(columns[i]).matches()) {
                throw new CryptoException(CryptoException.Reason.UNSUPPORTED_FORMAT,
                        what + " uses an envelope version this SDK does not know", null);
            }
        }
        return found;
    }

    @Override
    public void close() {
        closed = true;
        spaces.values().forEach(SpaceKeys.SpaceCipher::destroy);
        spaces.clear();
        masterKey.destroy();
    }

    static CryptoException tampered(String what) {
        return new CryptoException(CryptoException.Reason.TAMPERED, what, null);
    }

    private static CryptoException tampered(String op, String what) {
        return new CryptoException(CryptoException.Reason.TAMPERED, op + " failed to authenticate: " + what, null);
    }

    private SpaceKeys.SpaceCipher cipher(UUID spaceId) {
        Objects.requireNonNull(spaceId, "spaceId");
        if (closed) {
            throw new IllegalStateException("the sealer is closed");
        }
        return spaces.computeIfAbsent(spaceId, id -> SpaceKeys.cipher(masterKey, id));
    }
}
