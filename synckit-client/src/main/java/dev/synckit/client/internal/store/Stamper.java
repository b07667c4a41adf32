package dev.synckit.client.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;

/**
 * Gives captured changelog entries their op id and clock, and records the clocks in {@code sync_row_clock}.
 *
 * <p>Invariant (DESIGN §4, "a write's clock is the moment it was made"): entries are stamped in id order, each with
 * {@code hlc_last.tick(entry.timestamp)}, so clocks grow in id order and push order. A stamped entry keeps its
 * op id and clock forever, so a retried push sends identical ops; the only exception is {@link #restamp}, for
 * entries the server refused as a whole batch (nothing of it was accepted). Stamping runs at the start of every
 * push and inside every pull-page transaction before remote ops are compared, so a pending local edit takes part
 * in the merge with the clock of the moment it was made.
 *
 * <p>Must run inside a transaction.
 */
public final class Stamper {

    private static final int CHUNK = 1000;

    private final String deviceSuffix;

    /**
     * Creates a stamper for this device.
     *
     * @param deviceId the device whose writes are stamped
     */
    public Stamper(UUID deviceId) {
        this.deviceSuffix = "@" + deviceId;
    }

    /**
     * The outcome of stamping.
     *
     * @param clock the device clock after stamping
     * @param lastId the highest entry id now known to be stamped
     * @param count how many entries were stamped
     */
    public record Stamped(Hlc clock, long lastId, int count) {
    }

    /**
     * Returns the clock key ({@code Op.clockKey()}) of one of this device's writes.
     *
     * @param hlc the write's clock
     * @return {@code hlc@device}
     */
    public String key(Hlc hlc) {
        return hlc.encode() + deviceSuffix;
    }

    /**
     * Stamps every entry that has no clock yet.
     *
     * @param c the connection, inside a transaction
     * @param afterId every entry up to this id is known to be stamped already
     * @return the new clock and the highest stamped id
     * @throws SQLException if a read or write fails
     */
    public Stamped stampPending(Connection c, long afterId) throws SQLException {
        return stampPending(c, afterId, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Stamps, in id order, at most {@code maxEntries} of the entries up to {@code upToId} that have no clock yet
     * (a push stamps its backlog chunk by chunk, ahead of the batches it sends).
     *
     * @param c the connection, inside a transaction
     * @param afterId every entry up to this id is known to be stamped already
     * @param upToId stamp no entry with a greater id
     * @param maxEntries stamp at most this many
     * @return the new clock and the highest id up to which every entry is stamped
     * @throws SQLException if a read or write fails
     */
    public Stamped stampPending(Connection c, long afterId, long upToId, int maxEntries) throws SQLException {
        var last = loadClock(c);
        long after = afterId;
        int count = 0;
        // Only what stamping needs: the data only of updates (their changed columns), no op ids or clocks.
        try (var clocks = new RowClocks(c);
             var select = c.prepareStatement("SELECT id, table_name, op, row_id, timestamp, "
                     + "CASE WHEN op = 'UPDATE' THEN data END FROM sync_changelog "
                     + "WHERE id > ? AND id <= ? AND hlc IS NULL ORDER BY id LIMIT ?");
             var update = c.prepareStatement("UPDATE sync_changelog SET op_id = ?, hlc = ? WHERE id = ?")) {
            while (count < maxEntries) {
                select.setLong(1, after);
                select.setLong(2, upToId);
                select.setInt(3, Math.min(CHUNK, maxEntries - count));
                int chunk = 0;
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        var table = rs.getString(2);
                        var op = rs.getString(3);
                        var rowId = rs.getString(4);
                        last = last.tick(rs.getLong(5));
                        var hlc = last.encode();
                        var key = hlc + deviceSuffix;
                        update.setString(1, UuidV7.at(last.wallMillis()).toString());
                        update.setString(2, hlc);
                        update.setLong(3, id);
                        update.addBatch();
                        switch (op) {
                            case "INSERT" -> clocks.stampInsert(table, rowId, key);
                            case "UPDATE" -> clocks.stampUpdate(table, rowId, columnsOf(rs.getString(6)), key);
                            default -> clocks.stampDelete(table, rowId, key);
                        }
                        after = id;
                        chunk++;
                    }
                }
                if (chunk == 0) {
                    break;
                }
                count += chunk;
                update.executeBatch();
                clocks.flush();
            }
        }
        if (count > 0) {
            SyncState.put(c, SyncState.HLC_LAST, last.encode());
        }
        return new Stamped(last, after, count);
    }

    /**
     * Gives entries the server refused new op ids and clocks past {@code floor}, and moves their clocks in
     * {@code sync_row_clock} along (only where a field still carries the entry's old clock).
     *
     * @param c the connection, inside a transaction
     * @param entries stamped, unacknowledged entries in id order
     * @param floor the clock every new stamp must exceed (the server's maximum for this device)
     * @return the entries with their new op ids and clocks
     * @throws SQLException if a read or write fails
     */
    public List<ChangelogEntry> restamp(Connection c, List<ChangelogEntry> entries, Hlc floor) throws SQLException {
        var last = loadClock(c).max(floor);
        var out = new ArrayList<ChangelogEntry>(entries.size());
        try (var clocks = new RowClocks(c);
             var update = c.prepareStatement("UPDATE sync_changelog SET op_id = ?, hlc = ? WHERE id = ?")) {
            for (var e : entries) {
                last = last.tick(e.timestamp());
                var opId = UuidV7.at(last.wallMillis()).toString();
                update.setString(1, opId);
                update.setString(2, last.encode());
                update.setLong(3, e.id());
                update.executeUpdate();
                if (e.hlc() != null) {
                    var oldKey = e.hlc() + deviceSuffix;
                    clocks.save(e.table(), e.rowId(), clocks.find(e.table(), e.rowId()).replace(oldKey, key(last)));
                }
                out.add(new ChangelogEntry(e.id(), e.table(), e.op(), e.rowId(), e.timestamp(), e.data(), opId,
                        last.encode()));
            }
        }
        SyncState.put(c, SyncState.HLC_LAST, last.encode());
        return out;
    }

    /**
     * Reads the device clock.
     *
     * @param c the connection
     * @return the stored clock, or {@link Hlc#ZERO}
     * @throws SQLException if the read fails
     */
    public static Hlc loadClock(Connection c) throws SQLException {
        return SyncState.get(c, SyncState.HLC_LAST).map(Hlc::parse).orElse(Hlc.ZERO);
    }

    /**
     * Reads the names of a captured row's fields (the trigger's {@code json_object}), token by token: stamping a
     * backlog of updates builds no JSON tree per entry. Text that is not one JSON object gives no names.
     */
    static List<String> columnsOf(@Nullable String data) {
        if (data == null) {
            return List.of();
        }
        try (var p = ProtocolJson.mapper().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return List.of();
            }
            var names = new ArrayList<String>(8);
            for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
            return p.nextToken() == null ? names : List.of();
        } catch (JacksonException ex) {
            return List.of(); // not written by a trigger; the pusher drops it, stamping must not get stuck on it
        }
    }
}
