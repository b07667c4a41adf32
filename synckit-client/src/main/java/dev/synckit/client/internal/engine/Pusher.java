package dev.synckit.client.internal.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.ConflictException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;
import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.ChangelogEntry;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Stamper;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Sends stamped, unpushed changelog entries to the server in id order, in batches, and marks them pushed once the
 * server answered for them (applied, duplicate, superseded or rejected).
 *
 * <p>Safe to retry after any failure: stamped entries keep their op ids, so a batch the server accepted but whose
 * answer was lost comes back as {@code duplicate}. A batch refused with 409 (clock regression or op id conflict)
 * was refused as a whole, so its entries are re-stamped past the server's maximum and sent once more.
 *
 * <p>Captured values are filtered through the current whitelist when the op is built, so a column removed from
 * the declaration never leaves the device, even from entries captured before the change.
 */
final class Pusher {

    private static final Logger log = LoggerFactory.getLogger(Pusher.class);

    private final SyncSchema schema;
    private final SyncKitClient client;
    private final Clock clock;
    private final int batchSize;

    Pusher(SyncSchema schema, SyncKitClient client, Clock clock, int batchSize) {
        this.schema = schema;
        this.client = client;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Ops ready to send, with the changelog entries behind them. */
    private record Batch(List<ChangelogEntry> entries, List<Op> ops, Map<UUID, Long> entryByOp, List<Long> dropped,
                         int invalid) {
    }

    /**
     * Stamps pending entries, then pushes every unpushed one.
     *
     * @return the highest changelog id known to be stamped
     */
    long push(Database db, Stamper stamper, UUID spaceId, UUID deviceId, long stampedUpTo, Counts counts) {
        var stamped = db.inTransaction(c -> stamper.stampPending(c, stampedUpTo));
        long after = 0;
        while (true) {
            long from = after;
            var entries = db.read(c -> Changelog.unpushed(c, from, batchSize));
            if (entries.isEmpty()) {
                return stamped.lastId();
            }
            send(db, stamper, spaceId, deviceId, entries, counts);
            after = entries.getLast().id();
        }
    }

    private void send(Database db, Stamper stamper, UUID spaceId, UUID deviceId, List<ChangelogEntry> entries,
                      Counts counts) {
        var batch = prepare(entries, deviceId);
        if (!batch.dropped().isEmpty()) {
            db.inTransaction(c -> {
                Changelog.markPushed(c, batch.dropped(), clock.millis());
                return null;
            });
            counts.rejected += batch.invalid();
        }
        if (batch.ops().isEmpty()) {
            return;
        }
        PushResponse response;
        Batch sent = batch;
        try {
            response = client.push(spaceId, deviceId, batch.ops());
        } catch (ConflictException e) {
            var floor = restampFloor(e);
            if (floor == null) {
                throw e;
            }
            log.warn("The server refused a push batch ({}); re-stamping {} ops past {} and retrying once",
                    e.code().map(ErrorCode::wire).orElse("conflict"), batch.ops().size(), floor);
            var sendableIds = new HashSet<>(batch.entryByOp().values());
            var sendable = batch.entries().stream().filter(en -> sendableIds.contains(en.id())).toList();
            var restamped = db.inTransaction(c -> stamper.restamp(c, sendable, floor));
            sent = prepare(restamped, deviceId);
            response = client.push(spaceId, deviceId, sent.ops());
        }
        record(db, sent, response, counts);
    }

    private static @Nullable Hlc restampFloor(ConflictException e) {
        var code = e.code().orElse(null);
        if (code == ErrorCode.HLC_REGRESSION) {
            return e.maxHlc().orElse(null);
        }
        return code == ErrorCode.OP_ID_CONFLICT ? Hlc.ZERO : null;
    }

    private void record(Database db, Batch batch, PushResponse response, Counts counts) {
        var acknowledged = new ArrayList<Long>(response.results().size());
        for (var result : response.results()) {
            var entryId = batch.entryByOp().get(result.opId());
            if (entryId == null) {
                continue;
            }
            acknowledged.add(entryId);
            switch (result.status()) {
                case APPLIED -> counts.pushed++;
                case DUPLICATE -> counts.duplicate++;
                case SUPERSEDED -> counts.superseded++;
                case REJECTED -> {
                    counts.rejected++;
                    log.warn("The server rejected op {}: {}", result.opId(), result.reason());
                }
            }
        }
        db.inTransaction(c -> {
            Changelog.markPushed(c, acknowledged, clock.millis());
            return null;
        });
    }

    private Batch prepare(List<ChangelogEntry> entries, UUID deviceId) {
        var ops = new ArrayList<Op>(entries.size());
        var entryByOp = new HashMap<UUID, Long>();
        var dropped = new ArrayList<Long>();
        int invalid = 0;
        for (var e : entries) {
            try {
                var table = schema.table(e.table());
                var fields = table.isPresent() && !e.isDelete() ? whitelisted(e, table.get())
                        : Map.<String, JsonNode>of();
                if (table.isEmpty() || !e.isDelete() && fields.isEmpty()) {
                    dropped.add(e.id()); // no longer synced: the table or every captured column left the declaration
                    continue;
                }
                var op = new Op(UUID.fromString(e.opId()), e.table(), e.rowId(),
                        e.isDelete() ? OpKind.DELETE : OpKind.UPSERT, fields, Hlc.parse(e.hlc()), deviceId,
                        schema.version());
                ops.add(op);
                entryByOp.put(op.opId(), e.id());
            } catch (IllegalArgumentException | JacksonException ex) {
                // A row id the protocol cannot carry (too long, control characters), or data that is not JSON:
                // the entry can never be sent. The message names the rule, never the value.
                log.warn("Changelog entry {} cannot be sent and is dropped: {}", e.id(),
                        ex instanceof JacksonException ? "its data is not a JSON object" : ex.getMessage());
                dropped.add(e.id());
                invalid++;
            }
        }
        return new Batch(entries, ops, entryByOp, dropped, invalid);
    }

    private static Map<String, JsonNode> whitelisted(ChangelogEntry e, TableSpec table) {
        var fields = new LinkedHashMap<String, JsonNode>();
        if (e.data() == null) {
            return fields;
        }
        var data = ProtocolJson.mapper().readTree(e.data());
        for (var column : table.columns()) {
            var value = data.get(column);
            if (value != null) {
                fields.put(column, value);
            }
        }
        return fields;
    }
}
