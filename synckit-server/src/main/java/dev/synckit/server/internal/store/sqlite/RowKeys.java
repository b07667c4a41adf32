package dev.synckit.server.internal.store.sqlite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.synckit.server.internal.store.Sha256;

/**
 * The {@code row_key} column of {@code row_state}: the first 8 bytes, as a signed big-endian long, of the SHA-256 of
 * the row's space id, table and row id (UTF-8; the space id and the table each followed by a zero byte, the table
 * also preceded by its byte length as 4 big-endian bytes).
 *
 * <p>Why: the index a push looks rows up by holds these 8 bytes per row, where an index on the names held all of
 * them (about 80 bytes per plaintext row, 170 per encrypted one, whose sealed row id alone is about 100 characters).
 * A push's row ids are random, so each insert lands on a random index page, and every page it touches is written to
 * the WAL at commit: the smaller the index, the fewer pages (docs/benchmarks.md, "Ninth pass").
 *
 * <p>Not unique: two rows may share a key, so every lookup compares the names of the rows it finds. Stored keys
 * depend on this exact function; changing it needs a migration that recomputes them ({@link RowKeyMigration}).
 * Thread-safe.
 */
final class RowKeys {

    private RowKeys() {
    }

    /**
     * Returns the key of a row.
     *
     * @param spaceId the space id as stored (the UUID's string form)
     * @param table the table name as stored
     * @param rowId the row id as stored
     * @return the key
     */
    static long of(String spaceId, String table, String rowId) {
        var digest = Sha256.digest();
        var tableBytes = table.getBytes(StandardCharsets.UTF_8);
        digest.update(spaceId.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(ByteBuffer.allocate(4).putInt(0, tableBytes.length));
        digest.update(tableBytes);
        digest.update((byte) 0);
        digest.update(rowId.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest.digest()).getLong();
    }
}
