package dev.synckit.client.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.synckit.client.SyncEvent;
import dev.synckit.client.internal.event.EventHub;
import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.ChangelogEntry;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Sql;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;

/**
 * Notices the app's writes, whatever connection made them, and reports them as local
 * {@link SyncEvent.RowsChanged} events.
 *
 * <p>How: SQLite's {@code PRAGMA data_version}, asked on the watcher's own connection, changes whenever another
 * connection (the app's or the engine's) commits; that costs one cheap query per poll. Only then is the changelog
 * read, from the last entry seen on, by rowid range: the capture triggers wrote every synced change there, in the
 * same transaction as the change, and SQLite's single writer makes ids visible in commit order, so no entry is
 * skipped or reported twice. Entries that existed when the watcher started are not reported (they are not news to
 * the app). Without subscribers only the highest id is read.
 *
 * <p>Not safe for concurrent use: the scheduler calls it from one runner at a time.
 */
final class ChangeWatcher {

    /** What a poll saw. */
    record Seen(boolean committed, boolean localChanges) {

        static final Seen NOTHING = new Seen(false, false);
    }

    private final Database db;
    private final EventHub events;
    private long dataVersion;
    private long lastId;

    ChangeWatcher(Database db, EventHub events) {
        this.db = db;
        this.events = events;
        db.read(c -> {
            dataVersion = dataVersion(c);
            lastId = Changelog.maxId(c);
            return null;
        });
    }

    /**
     * Checks for commits since the last poll and reports new changelog entries.
     *
     * @return whether anything committed, and whether new local changes were captured
     */
    Seen poll() {
        return db.read(c -> {
            long version = dataVersion(c);
            if (version == dataVersion) {
                return Seen.NOTHING;
            }
            dataVersion = version;
            long before = lastId;
            if (events.hasSubscribers()) {
                for (var chunk = Changelog.after(c, lastId, Events.MAX_ROWS_PER_EVENT); !chunk.isEmpty();
                     chunk = Changelog.after(c, lastId, Events.MAX_ROWS_PER_EVENT)) {
                    publish(chunk);
                    lastId = chunk.getLast().id();
                }
            } else {
                lastId = Math.max(lastId, Changelog.maxId(c));
            }
            return new Seen(true, lastId > before);
        });
    }

    private void publish(List<ChangelogEntry> entries) {
        var byTable = new LinkedHashMap<String, Map<String, Row>>();
        for (var e : entries) {
            var row = byTable.computeIfAbsent(e.table(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(e.rowId(), id -> new Row());
            if (e.isDelete()) {
                row.deleted = true;
                row.columns.clear();
            } else {
                row.deleted = false;
                row.columns.addAll(columnsOf(e));
            }
        }
        for (var table : byTable.entrySet()) {
            var rows = new ArrayList<SyncEvent.RowChange>(table.getValue().size());
            table.getValue().forEach((id, row) -> rows.add(new SyncEvent.RowChange(id, row.deleted, row.columns)));
            Events.publishRows(events, SyncEvent.Source.LOCAL, table.getKey(), rows);
        }
    }

    private static Set<String> columnsOf(ChangelogEntry e) {
        if (e.data() == null) {
            return Set.of();
        }
        try {
            return Set.copyOf(ProtocolJson.mapper().readTree(e.data()).propertyNames());
        } catch (JacksonException ex) {
            return Set.of(); // not written by a trigger; the row still changed, only its columns are unknown
        }
    }

    private static long dataVersion(Connection c) throws SQLException {
        return Sql.queryLong(c, "PRAGMA data_version");
    }

    /** One row's changes within a poll. */
    private static final class Row {
        boolean deleted;
        final Set<String> columns = new LinkedHashSet<>();
    }
}
