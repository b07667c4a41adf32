package dev.synckit.client.internal.engine;

import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Stamper;

/**
 * Stamps a push's backlog chunk by chunk, when the batch being encoded runs out of stamped entries, instead of all
 * of it before the first request: stamping is the largest part of a bulk push's local work (a changelog update and
 * a clock write per entry), and done this way it overlaps the server's work on the batch in flight.
 *
 * <p>Keeps the stamping invariant ({@link Stamper}): entries are stamped in id order, each chunk continuing the
 * device clock, and an entry is only ever sent once stamped (batches read stamped entries only). Only entries that
 * existed when the push started are stamped; later writes wait for the next push, as before. Chunks of
 * {@value #CHUNK} entries, one transaction each, keep the number of commits (each rewrites the clock pages the
 * chunk touched) low.
 */
final class StampAhead {

    /** Entries stamped per transaction. */
    static final int CHUNK = 20_000;

    private final Stamper stamper;
    private final int chunkSize;
    private final long end;
    private long stamped;
    private boolean done;

    /**
     * Prepares stamping.
     *
     * @param stampedUpTo every entry up to this id is known to be stamped already
     */
    StampAhead(Database db, Stamper stamper, long stampedUpTo) {
        this(db, stamper, stampedUpTo, CHUNK);
    }

    StampAhead(Database db, Stamper stamper, long stampedUpTo, int chunkSize) {
        this.stamper = stamper;
        this.chunkSize = chunkSize;
        this.end = db.read(Changelog::maxId);
        this.stamped = stampedUpTo;
    }

    /**
     * Stamps the next chunk of the backlog.
     *
     * @return whether anything was stamped (false once the backlog that existed at the start is all stamped)
     */
    boolean stampMore(Database db) {
        if (done) {
            return false;
        }
        long from = stamped;
        var chunk = db.inTransaction(c -> stamper.stampPending(c, from, end, chunkSize));
        stamped = Math.max(stamped, chunk.lastId());
        done = chunk.count() < chunkSize;
        return chunk.count() > 0;
    }

    /** {@return the id up to which every entry is known to be stamped} */
    long stampedUpTo() {
        return stamped;
    }
}
