package dev.synckit.client.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.ConflictException;
import dev.synckit.client.LocalStoreException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.apply.PageApplier;
import dev.synckit.client.internal.realtime.RealtimeWorker;
import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Stamper;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.client.internal.transport.BulkTransport;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.client.internal.transport.SealingTransport;
import dev.synckit.protocol.ErrorCode;

/**
 * The work of a sync on the engine's connection, once the device and space are known: the initial snapshot, push,
 * pull and cleanup ({@link Pusher}, {@link Puller}), and the apply of streamed ops, with what they carry from one
 * sync to the next (how far the changelog is stamped, the batch sizes the server accepts).
 *
 * <p>Not thread-safe: {@link DefaultSyncEngine} calls it under the per-file lock only.
 */
final class SyncWork {

    private static final Logger log = LoggerFactory.getLogger(SyncWork.class);

    private final EngineConfig config;
    private final Database db;
    private final EngineEncryption encryption;
    private final Consumer<PageApplier.Applied> onPage;
    private final BatchSizes sizes;
    /** Every changelog entry up to this id is stamped. */
    private long stampedUpTo;

    /**
     * @param onPage told about every applied page (pulled or streamed) once its transaction committed
     */
    SyncWork(EngineConfig config, Database db, EngineEncryption encryption, Consumer<PageApplier.Applied> onPage) {
        this.config = config;
        this.db = db;
        this.encryption = encryption;
        this.onPage = onPage;
        this.sizes = new BatchSizes(config.pushBatchSize(), config.pullPageSize());
    }

    /**
     * Runs the parts of a sync that were asked for.
     *
     * @param socket the engine's realtime socket, which carries pushes while it is open; null without one
     * @return what moved
     */
    Counts run(SyncKitClient client, UUID device, UUID space, @Nullable RealtimeWorker socket, boolean push,
               boolean pull, boolean cleanup) {
        var sealer = encryption.beforeSync(client, db);
        ensureSnapshot();
        if (push && sealer.isPresent()) {
            db.read(c -> {
                EngineEncryption.requirePendingRowsFit(c);
                return null;
            });
        }
        var counts = new Counts();
        var carrier = SocketPushTransport.over(BulkTransport.of(client), socket);
        var transport = sealer.map(s -> SealingTransport.over(carrier, s)).orElse(carrier);
        try {
            if (push) {
                try {
                    stampedUpTo = new Pusher(config.schema(), transport, config.clock(), sizes)
                            .push(db, new Stamper(device), space, device, stampedUpTo, counts);
                } catch (ConflictException e) {
                    if (e.code().orElse(null) == ErrorCode.ENCRYPTION_REQUIRED) {
                        encryption.serverRequiresEncryption(client, db); // throws NO_MASTER_KEY without key
                    }
                    throw e;
                }
            }
            if (pull) {
                stampedUpTo = new Puller(transport, sizes).pull(db, new PageApplier(config.schema(), device),
                        space, stampedUpTo, counts, onPage);
            }
            if (cleanup) {
                cleanup();
            }
        } finally {
            checkpointAfterBulk(counts);
        }
        return counts;
    }

    /** Applies a page of streamed ops that continues the cursor, in one transaction with it. */
    void applyStreamed(UUID device, RemotePage page) {
        var applied = new PageApplier(config.schema(), device).apply(db, page, stampedUpTo);
        stampedUpTo = applied.stampedUpTo();
        onPage.accept(applied);
    }

    /** Drops old pushed changelog entries; returns how many. */
    int cleanup() {
        long before = config.clock().millis() - config.changelogRetention().toMillis();
        return db.inTransaction(c -> Changelog.cleanup(c, before, config.changelogCap()));
    }

    /**
     * Takes the initial snapshot if it is not taken (or was reset with plain SQL, which asks for it again). Checked
     * by a read first: a write transaction on every sync would cost a realtime push its lock and commit.
     */
    private void ensureSnapshot() {
        if (db.read(SyncWork::snapshotTaken)) {
            return;
        }
        db.inTransaction(c -> {
            if (!snapshotTaken(c)) {
                int rows = Changelog.resnapshot(c, config.schema().tablesInDependencyOrder(), config.clock().millis());
                SyncState.put(c, SyncState.INITIAL_SNAPSHOT_DONE, "1");
                log.info("Initial snapshot: {} existing rows entered the changelog", rows);
            }
            return null;
        });
    }

    private static boolean snapshotTaken(Connection c) throws SQLException {
        return "1".equals(SyncState.get(c, SyncState.INITIAL_SNAPSHOT_DONE).orElse("0"));
    }

    /**
     * After a sync that moved a bulk of ops, copies the WAL back into the database file now, so that the app's
     * next commit does not (the engine's connection checkpoints late, see {@link Database}).
     */
    private void checkpointAfterBulk(Counts counts) {
        if (counts.moved() < BatchSizes.BULK) {
            return;
        }
        try {
            db.checkpoint();
        } catch (LocalStoreException e) {
            // Only an optimisation: SQLite checkpoints by itself at the next commit that finds the WAL large.
            log.warn("Checkpointing the WAL after a large sync failed: {}", e.getMessage());
        }
    }
}
