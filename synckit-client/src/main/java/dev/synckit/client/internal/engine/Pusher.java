package dev.synckit.client.internal.engine;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.ConflictException;
import dev.synckit.client.LocalStoreException;
import dev.synckit.client.ServerException;
import dev.synckit.client.SyncSchema;
import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Stamper;
import dev.synckit.client.internal.store.UnpushedReader;
import dev.synckit.client.internal.transport.BulkTransport;
import dev.synckit.client.internal.transport.PushBody;
import dev.synckit.client.internal.transport.PushBodyWriter;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PushResponse;

import tools.jackson.core.JacksonException;

/**
 * Sends stamped, unpushed changelog entries to the server in id order, in batches, and marks them pushed once the
 * server answered for them (applied, duplicate, superseded or rejected).
 *
 * <p>A batch goes from the changelog to the request body in one pass ({@link UnpushedReader} into
 * {@link PushBodyWriter}), and one statement marks the whole batch pushed. Batches grow from the configured size to
 * bulk size when a backlog shows ({@link BatchSizes}). One batch is in flight at a time ({@link InFlight}): the next
 * one is encoded (and sealed, in an encrypted space: {@link BulkTransport#bodyWriter}), and the previous one
 * recorded, while the server works.
 *
 * <p>Safe to retry after any failure: stamped entries keep their op ids, so a batch the server accepted but whose
 * answer was lost comes back as {@code duplicate}. A batch refused with 409 (clock regression or op id conflict)
 * was refused as a whole, so its entries are re-stamped past the server's maximum and sent once more. A bulk batch
 * refused as too large (413) is sent again at the configured size.
 *
 * <p>Captured values are filtered through the current whitelist as the body is written, so a column removed from
 * the declaration never leaves the device, even from entries captured before the change.
 */
final class Pusher {

    private static final Logger log = LoggerFactory.getLogger(Pusher.class);

    private final SyncSchema schema;
    private final BulkTransport transport;
    private final Clock clock;
    private final BatchSizes sizes;
    private final Map<String, Set<String>> whitelists = new HashMap<>();

    Pusher(SyncSchema schema, BulkTransport transport, Clock clock, BatchSizes sizes) {
        this.schema = schema;
        this.transport = transport;
        this.clock = clock;
        this.sizes = sizes;
        schema.tables().forEach(t -> whitelists.put(t.name(), Set.copyOf(t.columns())));
    }

    /** An encoded batch: the body and the id range of the entries read for it (all of them now sendable). */
    private record Batch(PushBody body, long firstId, long lastId, List<Long> entryIds, boolean full) {
    }

    /**
     * Stamps pending entries and pushes every unpushed one, stamping ahead of the batches ({@link StampAhead}).
     *
     * @return the highest changelog id known to be stamped
     */
    long push(Database db, Stamper stamper, UUID spaceId, UUID deviceId, long stampedUpTo, Counts counts) {
        var stamping = new StampAhead(db, stamper, stampedUpTo);
        try (var reader = db.read(UnpushedReader::new)) {
            // Bulk from the first batch: a backlog then needs one request less, and with few waiting it makes no
            // difference (a batch holds what waits).
            var current = next(db, reader, stamping, 0, sizes.push(true), spaceId, deviceId, counts);
            var flight = current == null ? null : send(spaceId, current);
            while (current != null && flight != null) {
                // While the server works on this batch, the next one is read and encoded (stamping more of the
                // backlog when needed); it is sent once the answer arrived (the server takes one device's batches in
                // order), and this one is recorded while the next one is on its way.
                Batch following;
                try {
                    following = next(db, reader, stamping, current.lastId(), sizes.push(current.full()), spaceId,
                            deviceId, counts);
                } catch (RuntimeException e) {
                    flight.cancel();
                    throw e;
                }
                PushResponse response;
                try {
                    response = flight.await();
                } catch (ConflictException e) {
                    resendRestamped(db, reader, stamper, spaceId, deviceId, current, counts, e);
                    response = null;
                } catch (ServerException e) {
                    if (e.status() != 413 || !sizes.pushRefused(current.body().size())) {
                        throw e;
                    }
                    log.warn("The server refused a push of {} ops as too large; sending batches of the configured"
                            + " size", current.body().size());
                    current = next(db, reader, stamping, current.firstId() - 1, sizes.push(false), spaceId, deviceId,
                            counts);
                    flight = current == null ? null : send(spaceId, current);
                    continue;
                }
                var followingFlight = following == null ? null : send(spaceId, following);
                if (response != null) {
                    try {
                        record(db, current, response, counts);
                    } catch (RuntimeException e) {
                        if (followingFlight != null) {
                            followingFlight.cancel();
                        }
                        throw e;
                    }
                }
                current = following;
                flight = followingFlight;
            }
            return stamping.stampedUpTo();
        } catch (SQLException e) {
            throw new LocalStoreException("closing a changelog query failed: " + e.getMessage(), e);
        }
    }

    private InFlight<PushResponse> send(UUID spaceId, Batch batch) {
        return InFlight.start("synckit-push", () -> transport.pushBody(spaceId, batch.body()));
    }

    /**
     * Reads and encodes the next batch after {@code after}: up to {@code limit} stamped entries, stamping more of the
     * backlog whenever the stamped ones run out ({@code stamping}, null to read only what is stamped), into the
     * transport's {@linkplain BulkTransport#bodyWriter body writer} (which seals them, in an encrypted space).
     * Entries that can never be sent are marked pushed on the way. Returns null when nothing is left.
     */
    private @Nullable Batch next(Database db, UnpushedReader reader, @Nullable StampAhead stamping, long after,
                                 int limit, UUID spaceId, UUID deviceId, Counts counts) {
        long from = after;
        while (true) {
            var filling = new Filling(transport.bodyWriter(spaceId, deviceId, schema.version()),
                    BatchSizes.MAX_PUSH_BYTES);
            while (true) {
                long start = filling.read == 0 ? from : filling.lastId;
                int want = limit - filling.read;
                filling.read += db.read(c -> reader.read(start, want, filling::accept));
                if (filling.bytesFull || filling.read == limit || stamping == null || !stamping.stampMore(db)) {
                    break;
                }
            }
            if (filling.read == 0) {
                return null;
            }
            if (!filling.dropped.isEmpty()) {
                db.inTransaction(c -> {
                    Changelog.markPushed(c, filling.dropped, clock.millis());
                    return null;
                });
                counts.rejected += filling.invalid;
            }
            if (filling.ids.isEmpty()) {
                from = filling.lastId;
                continue;
            }
            return new Batch(filling.writer.finish(), filling.firstId, filling.lastId, filling.ids,
                    filling.read == limit || filling.bytesFull);
        }
    }

    /** One batch being read and encoded: what went into the body, what was dropped, and where the read stands. */
    private final class Filling {

        final PushBodyWriter writer;
        final long budget;
        final List<Long> ids = new ArrayList<>();
        final List<Long> dropped = new ArrayList<>();
        int invalid;
        int read;
        long firstId;
        long lastId;
        boolean bytesFull;

        Filling(PushBodyWriter writer, long budget) {
            this.writer = writer;
            this.budget = budget;
        }

        boolean accept(long id, String table, String op, String rowId, @Nullable String data, String opId,
                       String hlc) {
            firstId = firstId == 0 ? id : firstId;
            lastId = id;
            var whitelist = whitelists.get(table);
            try {
                if (whitelist != null && writer.add(opId, table, rowId, "DELETE".equals(op), data, hlc, whitelist)) {
                    ids.add(id);
                } else {
                    dropped.add(id); // no longer synced: the table or every captured column left the declaration
                }
            } catch (IllegalArgumentException | JacksonException ex) {
                // A row id the protocol cannot carry (too long, control characters), or data that is not JSON:
                // the entry can never be sent. The message names the rule, never the value.
                log.warn("Changelog entry {} cannot be sent and is dropped: {}", id,
                        ex instanceof JacksonException ? "its data is not a JSON object" : ex.getMessage());
                dropped.add(id);
                invalid++;
            }
            bytesFull = writer.bytes() >= budget;
            return !bytesFull;
        }
    }

    /**
     * Handles a batch the server refused as a whole with 409: re-stamps its entries past the server's maximum,
     * encodes them again, sends them once more and records the answer. Any other conflict is thrown.
     */
    private void resendRestamped(Database db, UnpushedReader reader, Stamper stamper, UUID spaceId, UUID deviceId,
                                 Batch batch, Counts counts, ConflictException e) {
        var floor = restampFloor(e);
        if (floor == null) {
            throw e;
        }
        log.warn("The server refused a push batch ({}); re-stamping {} ops past {} and retrying once",
                e.code().map(ErrorCode::wire).orElse("conflict"), batch.body().size(), floor);
        // The batch's entries are exactly the stamped, unpushed ones in its id range (the unsendable ones were
        // marked pushed when it was read), so they are read again, re-stamped, and encoded again.
        int size = batch.entryIds().size();
        db.inTransaction(c -> stamper.restamp(c, Changelog.unpushed(c, batch.firstId() - 1, size), floor));
        var again = next(db, reader, null, batch.firstId() - 1, size, spaceId, deviceId, counts);
        if (again == null) {
            throw e;
        }
        record(db, again, transport.pushBody(spaceId, again.body()), counts);
    }

    private static @Nullable Hlc restampFloor(ConflictException e) {
        var code = e.code().orElse(null);
        if (code == ErrorCode.HLC_REGRESSION) {
            return e.maxHlc().orElse(null);
        }
        return code == ErrorCode.OP_ID_CONFLICT ? Hlc.ZERO : null;
    }

    private void record(Database db, Batch batch, PushResponse response, Counts counts) {
        var opIds = batch.body().opIds();
        var results = response.results();
        boolean inOrder = results.size() == opIds.size();
        for (int i = 0; inOrder && i < results.size(); i++) {
            inOrder = results.get(i).opId().equals(opIds.get(i));
        }
        var acknowledged = new ArrayList<Long>();
        var entryByOp = new HashMap<UUID, Long>();
        if (!inOrder) {
            for (int i = 0; i < opIds.size(); i++) {
                entryByOp.put(opIds.get(i), batch.entryIds().get(i));
            }
        }
        for (var result : results) {
            if (!inOrder) {
                var entryId = entryByOp.get(result.opId());
                if (entryId == null) {
                    continue;
                }
                acknowledged.add(entryId);
            }
            if (result.seq() != null && (result.status() == OpStatus.APPLIED
                    || result.status() == OpStatus.DUPLICATE)) {
                counts.ownTail.pushed(result.seq());
            }
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
        counts.ownTail.head(response.lastSeq());
        long now = clock.millis();
        boolean range = inOrder;
        db.inTransaction(c -> {
            if (range) {
                Changelog.markPushedRange(c, batch.firstId(), batch.lastId(), now);
            } else {
                Changelog.markPushed(c, acknowledged, now);
            }
            return null;
        });
    }
}
