package dev.synckit.client.internal.engine;

import java.util.UUID;
import java.util.function.Consumer;

import dev.synckit.client.ServerException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.apply.PageApplier;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.SyncState;

/**
 * Pulls the space's log from the saved cursor until the server reports no more, applying each page in its own
 * transaction ({@link PageApplier}); the cursor is saved in the same transaction as the page. Each applied page is
 * handed to a listener after its transaction committed (for the remote {@code RowsChanged} events).
 */
final class Puller {

    private final SyncKitClient client;
    private final int pageSize;

    Puller(SyncKitClient client, int pageSize) {
        this.client = client;
        this.pageSize = pageSize;
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
        long stamped = stampedUpTo;
        while (true) {
            var page = client.pull(spaceId, cursor, pageSize);
            if (page.nextCursor() < cursor || page.hasMore() && page.nextCursor() == cursor) {
                throw new ServerException(200, null, "the server's page moved the cursor from " + cursor + " to "
                        + page.nextCursor() + (page.hasMore() ? " with more to come" : ""), null);
            }
            if (!page.ops().isEmpty()) {
                var applied = applier.apply(db, page, stamped);
                counts.pulled += applied.received();
                counts.applied += applied.applied();
                stamped = applied.stampedUpTo();
                cursor = applied.cursor();
                onPage.accept(applied);
            } else if (page.nextCursor() != cursor) {
                long next = page.nextCursor();
                db.inTransaction(c -> {
                    SyncState.put(c, SyncState.PULL_CURSOR, Long.toString(next));
                    return null;
                });
                cursor = next;
            }
            if (!page.hasMore()) {
                return stamped;
            }
        }
    }
}
