package dev.synckit.client.internal.crypto;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Replaces table and column names with keyed hashes: HMAC-SHA256 under the space's {@code names} key, truncated to
 * 128 bits, in lower-case hex. Deterministic within a space (every device sends the same hash for the same name,
 * so the server can still group by table, row and field) and unrelated across spaces and to anyone without the
 * key. A hash is one-way: receivers learn the names from inside the sealed payload ({@link RowIdCipher},
 * {@link FieldCipher}) and check them against these hashes.
 *
 * <p>The results are valid protocol identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}): {@code e1_<32 hex>} for a table
 * (the {@code e1} marks this form of the names, which envelope versions 1 and 2 share) and {@code c_<32 hex>} for
 * a column. A column's hash covers its table too, so equal column names in two tables are not linkable.
 *
 * <p>Immutable except for {@link #destroy()}; safe for concurrent use.
 */
final class NameHasher {

    static final String TABLE_PREFIX = "e1_";
    static final String COLUMN_PREFIX = "c_";
    private static final int HASH_BYTES = 16;

    /** The most names remembered: a schema has a few dozen; past this, hashes are computed and not kept. */
    static final int MAX_REMEMBERED = 4096;

    private final HmacKey key;
    private final Map<String, String> tables = new ConcurrentHashMap<>();
    private final Map<ColumnName, String> columns = new ConcurrentHashMap<>();

    private record ColumnName(String table, String column) {
    }

    /** @param key the 32-byte names key; copied */
    NameHasher(byte[] key) {
        this.key = new HmacKey(key);
    }

    /** {@return whether a name has the form of a table hash: {@code e1_} and 32 lower-case hex digits} */
    static boolean isTableHash(String name) {
        return isHash(TABLE_PREFIX, name);
    }

    /** {@return whether a name has the form of a column hash: {@code c_} and 32 lower-case hex digits} */
    static boolean isColumnHash(String name) {
        return isHash(COLUMN_PREFIX, name);
    }

    String table(String table) {
        return remembered(tables, table,
                () -> TABLE_PREFIX + hash(Bytes.builder("synckit/v1/name/table").text(table).build()));
    }

    String column(String table, String column) {
        return remembered(columns, new ColumnName(table, column), () -> COLUMN_PREFIX
                + hash(Bytes.builder("synckit/v1/name/column").text(table).text(column).build()));
    }

    void destroy() {
        tables.clear();
        columns.clear();
        key.destroy();
    }

    // Every op hashes its table and each of its columns, always the same few names: a hash is computed once.
    private static <K> String remembered(Map<K, String> hashes, K name, Supplier<String> compute) {
        var known = hashes.get(name);
        if (known != null) {
            return known;
        }
        var hash = compute.get();
        if (hashes.size() < MAX_REMEMBERED) {
            hashes.put(name, hash);
        }
        return hash;
    }

    // A loop, not a regular expression: a pulled op's table and each of its columns are checked before opening.
    private static boolean isHash(String prefix, String name) {
        if (name.length() != prefix.length() + 2 * HASH_BYTES || !name.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private String hash(byte[] input) {
        return Bytes.hex(Arrays.copyOf(key.mac(input), HASH_BYTES));
    }
}
