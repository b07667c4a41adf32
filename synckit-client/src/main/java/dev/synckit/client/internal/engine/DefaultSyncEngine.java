package dev.synckit.client.internal.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.AuthException;
import dev.synckit.client.EventSubscription;
import dev.synckit.client.LocalStoreException;
import dev.synckit.client.SecretStore;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncReport;
import dev.synckit.client.SyncStatus;
import dev.synckit.client.internal.apply.PageApplier;
import dev.synckit.client.internal.crypto.KeyWrapper;
import dev.synckit.client.internal.event.EventHub;
import dev.synckit.client.internal.realtime.RealtimeTarget;
import dev.synckit.client.internal.realtime.RealtimeWorker;
import dev.synckit.client.internal.realtime.StreamPlan;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.Installer;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.client.internal.transport.RemotePage;

/**
 * The {@link SyncEngine}: orchestrates registration, snapshot, push, pull and cleanup on the engine's connection.
 *
 * <p>Invariants: all work on {@link #db} runs under the per-file {@link #lock} (one sync at a time per file, and
 * the JDBC connection is never shared between threads); {@link #status()} reads through its own connection under
 * its own lock, so it never waits for network calls. Device and space ids are cached once known and change only
 * by {@link #disconnect()} (the device id). The background worker ({@link Scheduler}) has a connection of its own
 * and calls {@link #sync()} like any caller; it is started and stopped under {@link #lifecycle}. Events are raised
 * on the thread that does the work and never wait for subscribers ({@link EventHub}).
 *
 * <p>Over 500 lines because it is the one place where every public {@link SyncEngine} method meets the per-file
 * lock and the lifecycle; the work itself lives in {@link SyncWork} (push, pull, snapshot, cleanup),
 * {@link Bookkeeping}, {@link EngineEncryption} and the scheduler, and the methods here stay a few lines each.
 */
public final class DefaultSyncEngine implements SyncEngine {

    private static final Logger log = LoggerFactory.getLogger(DefaultSyncEngine.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;
    private static final String DEFAULT_SECRET_APP = "synckit";

    private final EngineConfig config;
    private final Database db;
    private final Database statusDb;
    private final ReentrantLock lock;
    private final ReentrantLock statusLock = new ReentrantLock();
    /** Guards starting and stopping {@link #scheduler}. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final EventHub events = new EventHub();
    private volatile @Nullable UUID deviceId;
    private volatile @Nullable UUID spaceId;
    private volatile @Nullable Scheduler scheduler;
    /** The realtime socket's worker, running while {@link #scheduler} runs on threads and the engine can sync. */
    private volatile @Nullable RealtimeWorker realtime;
    private volatile boolean disconnected;
    /** Set first thing in {@link #close()}, so that no worker starts while the engine closes. */
    private volatile boolean closing;
    private volatile boolean closed;
    /** The sync's work on {@link #db}; guarded by {@link #lock}. */
    private final SyncWork work;

    /** End-to-end encryption: the key, the flag, the per-sync decision. */
    private final EngineEncryption encryption;

    private DefaultSyncEngine(EngineConfig config, Database db, Database statusDb, @Nullable UUID deviceId,
                              @Nullable UUID spaceId, boolean encrypted) {
        this.config = config;
        var store = config.secretStore();
        this.encryption = new EngineEncryption(new KeyCustody(() -> store != null ? store
                : SecretStore.systemDefault(DEFAULT_SECRET_APP)), KeyWrapper.create(), encrypted, config.clock());
        this.db = db;
        this.statusDb = statusDb;
        this.lock = FileLocks.of(config.database());
        this.deviceId = deviceId;
        this.spaceId = spaceId;
        this.work = new SyncWork(config, db, encryption, this::pageApplied);
    }

    /**
     * Opens the database, installs SyncKit and returns the engine.
     *
     * @param config the settings
     * @return the engine
     */
    public static DefaultSyncEngine open(EngineConfig config) {
        var db = Database.open(config.database(), config.busyTimeout());
        Database statusDb = null;
        try {
            Installer.install(db, config.schema(), config.clock().millis());
            var device = db.read(c -> SyncState.get(c, SyncState.DEVICE_ID)).map(UUID::fromString).orElse(null);
            var space = db.read(c -> SyncState.get(c, SyncState.SPACE_ID)).map(UUID::fromString).orElse(null);
            if (space != null && config.spaceId() != null && !space.equals(config.spaceId())) {
                throw new IllegalStateException("this database syncs with space " + space
                        + "; it cannot sync with space " + config.spaceId() + " as well");
            }
            boolean encrypted = db.read(EngineEncryption::enabledIn);
            statusDb = Database.open(config.database(), config.busyTimeout());
            return new DefaultSyncEngine(config, db, statusDb, device, space, encrypted);
        } catch (RuntimeException e) {
            closeQuietly(statusDb, e);
            closeQuietly(db, e);
            throw e;
        }
    }

    @Override
    public SyncReport sync() {
        return run(true, true, true);
    }

    @Override
    public SyncReport push() {
        return run(true, false, false);
    }

    @Override
    public SyncReport pull() {
        return run(false, true, false);
    }

    @Override
    public SyncStatus status() {
        ensureOpen();
        statusLock.lock();
        try {
            ensureOpen();
            var worker = scheduler;
            var socket = realtime;
            return statusDb.read(c -> Bookkeeping.status(c, configured(), deviceId, spaceId,
                    settings -> worker == null ? Optional.empty() : worker.nextSync(settings),
                    socket != null && socket.connected(), encryption.hasMasterKey()));
        } finally {
            statusLock.unlock();
        }
    }

    @Override
    public void start() {
        startScheduler(true);
    }

    /**
     * Starts the background worker without its threads: the caller drives it with {@link Scheduler#runDueWork()}
     * and syncs run on the calling thread. For tests.
     *
     * @return the worker
     */
    Scheduler startDriven() {
        return startScheduler(false);
    }

    @Override
    public CompletableFuture<SyncReport> syncNow() {
        requireClient();
        var worker = scheduler;
        if (worker == null) {
            throw new IllegalStateException("not started: call start() first, or sync() to sync on this thread");
        }
        return worker.request();
    }

    @Override
    public void disconnect() {
        ensureOpen();
        disconnected = true;
        stopScheduler();
        locked(() -> {
            db.inTransaction(c -> {
                Bookkeeping.forgetSession(c);
                return null;
            });
            deviceId = null;
            return null;
        });
        log.info("Disconnected {} from sync; local data and unpushed changes stay", config.database().getFileName());
    }

    @Override
    public EventSubscription subscribe() {
        return subscribe(EventHub.DEFAULT_CAPACITY);
    }

    @Override
    public EventSubscription subscribe(int capacity) {
        ensureOpen();
        return events.subscribe(capacity);
    }

    @Override
    public Optional<UUID> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    @Override
    public UUID registerDevice() {
        var client = requireClient();
        return locked(() -> ensureDevice(client));
    }

    @Override
    public int cleanup() {
        return locked(work::cleanup);
    }

    @Override
    public String setupEncryptionNew(char[] password) {
        ServerKeys.requirePassword("password", password); // before anything, even binding the space, happens
        var client = requireClient();
        var recoveryKey = locked(() -> encryption.setupNew(client, db, ensureSpace(client), password));
        afterUnlock();
        return recoveryKey;
    }

    @Override
    public void setupEncryptionExisting(char[] password) {
        ServerKeys.requirePassword("password", password);
        var client = requireClient();
        locked(() -> {
            encryption.setupExisting(client, db, ensureSpace(client), password);
            return null;
        });
        afterUnlock();
    }

    @Override
    public boolean hasServerKey() {
        return EngineEncryption.hasServerKey(requireClient());
    }

    @Override
    public boolean hasMasterKey() {
        ensureOpen();
        return encryption.hasMasterKey();
    }

    @Override
    public boolean tryLoadKeyFromKeychain() {
        boolean loaded = locked(() -> {
            var space = spaceId;
            return space != null && encryption.tryLoad(db, space);
        });
        if (loaded) {
            afterUnlock();
        }
        return loaded;
    }

    @Override
    public void changePassword(char[] oldPassword, char[] newPassword) {
        // Not under the per-file lock: it changes only the server's blob, never this database or the loaded key.
        encryption.changePassword(requireClient(), oldPassword, newPassword);
    }

    @Override
    public void resetPassword(String recoveryKey, char[] newPassword) {
        Objects.requireNonNull(recoveryKey, "recoveryKey");
        ServerKeys.requirePassword("newPassword", newPassword);
        var client = requireClient();
        locked(() -> {
            encryption.resetPassword(client, db, ensureSpace(client), recoveryKey, newPassword);
            return null;
        });
        afterUnlock();
    }

    /** A running background worker syncs at once after an unlock, instead of waiting out a NO_MASTER_KEY retry. */
    private void afterUnlock() {
        var worker = scheduler;
        if (worker != null && configured()) {
            worker.request();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closing = true;
        stopScheduler();
        boolean locked = false;
        try {
            locked = lock.tryLock(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!locked) {
                log.warn("A sync still runs after {} s; closing the engine's connections under it",
                        CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing anyway: the caller wants the engine gone
        }
        statusLock.lock();
        try {
            if (!closed) {
                closed = true;
                encryption.close();
                closeQuietly(statusDb, null);
                db.close();
            }
        } finally {
            statusLock.unlock();
            if (locked) {
                lock.unlock();
            }
            events.close();
        }
    }

    @Override
    public String toString() {
        return "SyncEngine[" + config.database() + ", " + config.schema() + "]";
    }

    private SyncReport run(boolean push, boolean pull, boolean cleanup) {
        requireClient();
        return locked(() -> {
            var client = requireClient(); // again under the lock: disconnect() may have won the race for it
            events.publish(new SyncEvent.SyncStarted(config.clock().instant()));
            try {
                var device = ensureDevice(client);
                var space = ensureSpace(client);
                var counts = work.run(client, device, space, realtime, push, pull, cleanup);
                recordSuccess();
                var report = counts.report();
                log.debug("Sync finished: {}", report);
                events.publish(new SyncEvent.SyncCompleted(config.clock().instant(), report));
                return report;
            } catch (RuntimeException e) {
                failed(e);
                throw e;
            }
        });
    }

    /** Where the database stands, for the realtime worker; null before the first sync registered the device. */
    RealtimeTarget.@Nullable Position position() {
        var device = deviceId;
        var space = spaceId;
        if (device == null || space == null) {
            return null;
        }
        return new RealtimeTarget.Position(space, device, locked(() -> db.read(RealtimeBridge::cursor)));
    }

    /**
     * Applies ops the realtime socket streamed, under the per-file lock like any sync: only as {@link StreamPlan}
     * allows (never twice, never out of order), through the pull's apply path (one transaction with the cursor,
     * remote RowsChanged events after the commit). In an encrypted space the whole frame is opened first; an op that
     * does not open makes it a gap, with nothing applied.
     */
    StreamPlan applyStreamed(UUID space, RemotePage ops) {
        return locked(() -> {
            var device = deviceId;
            if (device == null || !space.equals(spaceId)) {
                return new StreamPlan.Gap();
            }
            var plain = encryption.openStreamed(space, ops);
            if (plain == null) {
                return new StreamPlan.Gap(); // the catch-up sync decides, and reports a typed failure
            }
            var plan = StreamPlan.of(db.read(RealtimeBridge::cursor), plain);
            if (plan instanceof StreamPlan.Apply apply) {
                work.applyStreamed(device, apply.page());
            }
            return plan;
        });
    }

    /** Raises the remote RowsChanged events of a page; called after the page's transaction committed. */
    private void pageApplied(PageApplier.Applied page) {
        page.changes().forEach((table, rows) -> Events.publishRows(events, SyncEvent.Source.REMOTE, table, rows));
    }

    private UUID ensureDevice(SyncKitClient client) {
        var known = deviceId;
        if (known != null) {
            return known;
        }
        var hostname = config.hostname() != null ? config.hostname() : Bookkeeping.localHostname();
        var device = client.registerDevice(hostname, Bookkeeping.label(config.platform())).deviceId();
        db.inTransaction(c -> {
            SyncState.put(c, SyncState.DEVICE_ID, device.toString());
            return null;
        });
        deviceId = device;
        log.info("Registered this installation as device {}", device);
        return device;
    }

    private UUID ensureSpace(SyncKitClient client) {
        var known = spaceId;
        if (known != null) {
            return known;
        }
        var space = config.spaceId() != null ? config.spaceId() : client.account().defaultSpaceId();
        db.inTransaction(c -> {
            SyncState.put(c, SyncState.SPACE_ID, space.toString());
            return null;
        });
        spaceId = space;
        return space;
    }

    private void recordSuccess() {
        long now = config.clock().millis();
        db.inTransaction(c -> {
            Bookkeeping.recordSuccess(c, now);
            return null;
        });
        var socket = realtime;
        if (socket != null) {
            socket.serverReachable(); // a realtime socket waiting to reconnect tries now
        }
    }

    /** Records a failure (and its retry schedule) and raises SyncFailed, plus AuthExpired for a 401/403. */
    private void failed(RuntimeException failure) {
        var now = config.clock().instant();
        Settings after;
        try {
            after = db.inTransaction(c -> Bookkeeping.recordFailure(c, now.toEpochMilli(), failure));
        } catch (LocalStoreException e) {
            failure.addSuppressed(e); // the sync failure is what the caller must see
            after = null;
        }
        var worker = scheduler;
        var next = after == null || worker == null ? Optional.<Instant>empty() : worker.nextSync(after);
        events.publish(Events.failed(failure, now, after == null ? 0 : after.retryCount(), next));
        if (failure instanceof AuthException auth) {
            events.publish(new SyncEvent.AuthExpired(now, auth.status(), String.valueOf(auth.getMessage())));
        }
    }

    private Scheduler startScheduler(boolean withThreads) {
        lifecycle.lock();
        try {
            if (closing || closed) {
                throw new IllegalStateException("the engine is closed");
            }
            var running = scheduler;
            if (running != null) {
                return running;
            }
            var file = config.database().getFileName();
            var workerDb = Database.open(config.database(), config.busyTimeout());
            Scheduler worker;
            try {
                worker = new Scheduler(file == null ? "sqlite" : file.toString(), config.clock(),
                        config.changePollInterval(), config.syncDebounce(), configured(), this::sync, workerDb,
                        new ChangeWatcher(workerDb, events));
                worker.start(withThreads);
                if (withThreads) {
                    worker.watchCommits(config.database());
                }
            } catch (RuntimeException e) {
                closeQuietly(workerDb, e);
                throw e;
            }
            scheduler = worker;
            var client = config.client();
            if (withThreads && client != null && configured()) {
                realtime = RealtimeBridge.start(file == null ? "sqlite" : file.toString(), client, this, worker);
            }
            return worker;
        } finally {
            lifecycle.unlock();
        }
    }

    private void stopScheduler() {
        lifecycle.lock();
        try {
            var socket = realtime;
            if (socket != null) {
                realtime = null;
                socket.close(); // first: it may be waiting for a sync of the scheduler
            }
            var worker = scheduler;
            if (worker != null) {
                scheduler = null;
                worker.close();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private boolean configured() {
        return config.client() != null && !disconnected;
    }

    private <T> T locked(Supplier<T> work) {
        ensureOpen();
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStoreException("interrupted while waiting for another sync of this database", e);
        }
        try {
            ensureOpen();
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private SyncKitClient requireClient() {
        ensureOpen();
        var client = config.client();
        if (client == null || disconnected) {
            throw new IllegalStateException(disconnected
                    ? "not configured: the engine was disconnected; build a new one with a SyncKitClient to sync"
                    : "not configured: build the engine with a SyncKitClient to sync");
        }
        return client;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
    }

    private static void closeQuietly(@Nullable Database database, @Nullable Throwable cause) {
        if (database == null) {
            return;
        }
        try {
            database.close();
        } catch (LocalStoreException e) {
            if (cause != null) {
                cause.addSuppressed(e); // the original failure is what the caller must see
            } else {
                log.warn("Closing a SyncKit status connection failed: {}", e.getMessage());
            }
        }
    }
}
