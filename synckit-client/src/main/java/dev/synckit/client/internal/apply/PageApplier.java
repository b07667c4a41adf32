package dev.synckit.client.internal.apply;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.RowClocks;
import dev.synckit.client.internal.store.Sql;
import dev.synckit.client.internal.store.Stamper;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.client.internal.transport.RemoteOp;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.protocol.Hlc;

/**
 * Applies one pulled page to the local database, in one transaction, with field-level last-writer-wins
 * (DESIGN §4; the rule itself is in {@link RowState}).
 *
 * <p>Per page, atomically: suppress the capture triggers, stamp pending local writes (so they merge with the clock
 * of the moment they were made), merge the page's ops row by row in sequence order, write upserts parents first and
 * deletes children first, advance the device clock past every clock seen, re-enable capture, and save the cursor.
 * A failure anywhere rolls all of it back: no partial page, the old cursor. Ops written by this device and ops for
 * tables this schema does not sync are skipped; fields outside a table's whitelist are never written.
 *
 * <p>Performance: rows new to this device (a fresh device's first pull is nothing else) are written without any
 * read: one clock insert and one upsert each, in batches ({@link TablePage}). For the other rows, per table and
 * page, one query reads the clocks and one the existing rows; each row is written once, in batches per statement.
 */
public final class PageApplier {

    private final SyncSchema schema;
    private final UUID deviceId;
    private final Stamper stamper;
    private final Map<String, TableSpec> tables = new HashMap<>();
    private final boolean newRowsFastPath;

    /**
     * Creates the applier.
     *
     * @param schema the synced tables
     * @param deviceId this device, whose own ops are skipped and whose pending writes are stamped
     */
    public PageApplier(SyncSchema schema, UUID deviceId) {
        this(schema, deviceId, true);
    }

    /** Creates the applier; without the fast path every row goes through the general merge (to compare them). */
    PageApplier(SyncSchema schema, UUID deviceId, boolean newRowsFastPath) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.stamper = new Stamper(deviceId);
        this.newRowsFastPath = newRowsFastPath;
        schema.tables().forEach(t -> tables.put(t.name(), t));
    }

    /**
     * The outcome of one page.
     *
     * @param received ops in the page
     * @param applied ops that changed the local database
     * @param cursor the saved cursor
     * @param stampedUpTo the highest changelog id known to be stamped
     * @param changes the rows the page changed per table (parents first), with the columns written: what the
     *                merge actually changed, not what the ops carried
     */
    public record Applied(int received, int applied, long cursor, long stampedUpTo,
                          Map<String, List<SyncEvent.RowChange>> changes) {

        /** Copies the changes. */
        public Applied {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }

    /** What {@link #merge} did. */
    private record Merged(int applied, Map<String, List<SyncEvent.RowChange>> changes) {
    }

    /**
     * Applies a page in one transaction.
     *
     * @param db the engine's database
     * @param page the page
     * @param stampedUpTo every changelog entry up to this id is known to be stamped
     * @return what happened
     * @throws dev.synckit.client.LocalStoreException if the database rejects a write; nothing of the page remains
     */
    public Applied apply(Database db, RemotePage page, long stampedUpTo) {
        return db.inTransaction(c -> {
            // Echo suppression: the capture triggers do nothing while applying_remote = '1'. It is set and cleared
            // inside this transaction only, so the app's connections never see it set and a crash rolls it back.
            SyncState.put(c, SyncState.APPLYING_REMOTE, "1");
            var stamped = stamper.stampPending(c, stampedUpTo);
            var clock = page.maxHlc() == null ? stamped.clock() : stamped.clock().max(Hlc.parse(page.maxHlc()));
            var byTable = new HashMap<String, List<RemoteOp>>();
            for (var op : page.ops()) {
                if (!op.deviceId().equals(deviceId) && tables.containsKey(op.table())) {
                    byTable.computeIfAbsent(op.table(), t -> new ArrayList<>()).add(op);
                }
            }
            var merged = byTable.isEmpty() ? new Merged(0, Map.of()) : merge(c, byTable);
            SyncState.put(c, SyncState.HLC_LAST, clock.encode());
            SyncState.put(c, SyncState.APPLYING_REMOTE, "0");
            SyncState.put(c, SyncState.PULL_CURSOR, Long.toString(page.nextCursor()));
            return new Applied(page.ops().size(), merged.applied(), page.nextCursor(), stamped.lastId(),
                    merged.changes());
        });
    }

    private Merged merge(Connection c, Map<String, List<RemoteOp>> byTable) throws SQLException {
        // The engine's connection runs with foreign_keys=OFF (see Database), so a child whose parent comes in a
        // later page does not fail; deferring is for connections that enforce them. The write order below keeps
        // the result FK-consistent whenever the page itself is.
        Sql.execute(c, "PRAGMA defer_foreign_keys = ON");
        var pages = new ArrayList<TablePage>();
        int applied = 0;
        try (var clocks = new RowClocks(c); var writer = new RowWriter(c)) {
            for (var t : schema.tablesInDependencyOrder()) {
                var ops = byTable.get(t.name());
                if (ops != null) {
                    var page = new TablePage(t, ops);
                    applied += newRowsFastPath ? page.claimNewRows(clocks, writer) : 0;
                    applied += page.mergeOthers(clocks, writer);
                    pages.add(page);
                }
            }
            for (var page : pages) {
                page.writeUpserts(writer);
            }
            for (var page : pages.reversed()) {
                page.writeDeletes(writer);
            }
            for (var page : pages) {
                clocks.saveAll(page.table.name(), page.changedClocks());
            }
        }
        var changes = new LinkedHashMap<String, List<SyncEvent.RowChange>>();
        for (var page : pages) {
            var rows = page.changes();
            if (!rows.isEmpty()) {
                changes.put(page.table.name(), rows);
            }
        }
        return new Merged(applied, changes);
    }
}
