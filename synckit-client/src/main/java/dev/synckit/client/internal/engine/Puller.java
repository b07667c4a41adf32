package dev.synckit.client.internal.engine;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.ServerException;
import dev.synckit.client.internal.apply.PageApplier;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.client.internal.transport.BulkTransport;
import dev.synckit.client.internal.transport.RemotePage;

/**
 * Pulls the space's log from the saved cursor until the server reports no more, applying each page in its own
 * transaction ({@link PageApplier}); the cursor is saved in the same transaction as the page. Each applied page is
 * handed to a listener after its transaction committed (for the remote {@code RowsChanged} events).
 *
 * <p>While a page is applied, the next one is already requested and decoded on a virtual thread, so the server's
 * work and the network overlap the local writes. The next request only depends on the current page's
 * {@code next_cursor}, which is known before the apply; if the apply fails, the prefetched page is discarded
 * (its request cancelled) and the failure is what the caller sees, so nothing past the last committed page is ever
 * applied. Pages grow to bulk size while the server says more follow ({@link BatchSizes}).
 *
 * <p>Where pages need work after their download (an encrypted space's pages are opened, {@link
 * BulkTransport#openPage}), the pipeline is one page deeper: while page n is applied and page n+1 opened, page n+2
 * is already downloading, since its cursor is known once n+1 is decoded. At most three pages are in memory.
 *
 * <p>When the sync's pushes were given every seq after the cursor up to the head they reported ({@link OwnTail}),
 * there is nothing to pull but the device's own ops, which the apply would skip: the cursor moves to that head, in
 * a transaction of its own, and no request is made.
 */
final class Puller {

    private final BulkTransport transport;
    private final BatchSizes sizes;
    /** The download of the page after the one being opened, when the transport opens pages (see the class doc). */
    private final AtomicReference<@Nullable Ahead> ahead = new AtomicReference<>();

    /** A page download started ahead: the cursor it starts after, and the request. */
    private record Ahead(long after, InFlight<RemotePage> download) {
    }

    Puller(BulkTransport transport, BatchSizes sizes) {
        this.transport = transport;
        this.sizes = sizes;
    }

    /**
     * Pulls and applies every page.
     *
     * @param onPage told about every page once it committed
     * @return the highest changelog id known to be stamped
     */
    long pull(Database db, PageApplier applier, UUID spaceId, long stampedUpTo, Counts counts,
              Consumer<PageApplier.Applied> onPage) {
        long cursor = db.read(c -> Long.parseLong(SyncState.get(c, SyncState.PULL_CURSOR).orElse("0")));
        long own = counts.ownTail.coveredHead(cursor);
        if (own >= 0) {
            saveCursor(db, own);
            return stampedUpTo;
        }
        long stamped = stampedUpTo;
        var page = fetchReady(spaceId, cursor, sizes.pull(false));
        while (true) {
            if (page.nextCursor() < cursor || page.hasMore() && page.nextCursor() == cursor) {
                throw new ServerException(200, null, "the server's page moved the cursor from " + cursor + " to "
                        + page.nextCursor() + (page.hasMore() ? " with more to come" : ""), null);
            }
            var next = page.hasMore() ? prefetch(spaceId, page.nextCursor(), sizes.pull(true)) : null;
            try {
                if (!page.ops().isEmpty()) {
                    var applied = applier.apply(db, page, stamped);
                    counts.pulled += applied.received();
                    counts.applied += applied.applied();
                    stamped = applied.stampedUpTo();
                    cursor = applied.cursor();
                    onPage.accept(applied);
                } else if (page.nextCursor() != cursor) {
                    cursor = page.nextCursor();
                    saveCursor(db, cursor);
                }
            } catch (RuntimeException | Error e) {
                if (next != null) {
                    next.cancel();
                }
                var download = ahead.getAndSet(null);
                if (download != null) {
                    download.download().cancel();
                }
                throw e;
            }
            if (next == null) {
                return stamped;
            }
            page = next.await();
        }
    }

    private static void saveCursor(Database db, long cursor) {
        db.inTransaction(c -> {
            SyncState.put(c, SyncState.PULL_CURSOR, Long.toString(cursor));
            return null;
        });
    }

    /** Downloads a page; a bulk limit the server refuses (400) is asked again at the configured size. */
    private RemotePage fetch(UUID spaceId, long after, int limit) {
        try {
            return transport.downloadPage(spaceId, after, limit);
        } catch (ServerException e) {
            if (e.status() == 400 && sizes.pullRefused(limit)) {
                return transport.downloadPage(spaceId, after, sizes.pull(false));
            }
            throw e;
        }
    }

    private InFlight<RemotePage> prefetch(UUID spaceId, long after, int limit) {
        return InFlight.start("synckit-pull-prefetch", () -> fetchReady(spaceId, after, limit));
    }

    /**
     * Returns the page after {@code after}, ready to apply. Where the transport {@linkplain BulkTransport#opensPages
     * opens pages} (decrypts them), the page's download is taken from the look-ahead when one was started for it,
     * and the download of the page after it starts before this one is opened.
     */
    private RemotePage fetchReady(UUID spaceId, long after, int limit) {
        if (!transport.opensPages()) {
            return fetch(spaceId, after, limit);
        }
        var started = ahead.getAndSet(null);
        RemotePage downloaded;
        if (started != null && started.after() == after) {
            downloaded = started.download().await();
        } else {
            if (started != null) {
                started.download().cancel();
            }
            downloaded = fetch(spaceId, after, limit);
        }
        if (downloaded.hasMore() && downloaded.nextCursor() > after) {
            long following = downloaded.nextCursor();
            ahead.set(new Ahead(following, InFlight.start("synckit-pull-ahead",
                    () -> fetch(spaceId, following, sizes.pull(true)))));
        }
        return transport.openPage(spaceId, downloaded);
    }
}
