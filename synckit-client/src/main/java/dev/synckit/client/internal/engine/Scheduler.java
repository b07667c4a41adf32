package dev.synckit.client.internal.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.SyncReport;
import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.Database;

/**
 * The background worker of one engine: notices local writes ({@link ChangeWatcher}) and decides when to sync.
 *
 * <p>When a sync is due ({@link #plannedAt}): at once when {@link #request() requested} (whatever the settings);
 * otherwise only with {@code auto_sync_enabled} and no refusal of the credentials since the last success: at the
 * retry time after a failure ({@link Backoff}), else a debounce after the last noticed local write (none while the
 * realtime socket is up, see {@link #realtimeConnected}) or the sync interval after the last success, whichever comes
 * first. Settings are re-read from sync_state every
 * {@link #CHECK_INTERVAL}, after every commit the watcher notices, and after every sync.
 *
 * <p>Threads: the runner, a named daemon platform thread {@code synckit-scheduler-<file>}, calls
 * {@link #runDueWork()} and then sleeps until the earliest deadline or a signal (a request, a finished sync,
 * {@link #close()}). Syncs run on a second one, {@code synckit-sync-<file>}, so local writes are still noticed while
 * a sync waits for the network. Every deadline comes from the injected {@link Clock}: tests start the scheduler
 * without threads ({@code start(false)}: syncs then run inline) and call {@link #runDueWork()} after moving a fake
 * clock, so they never wait for real time.
 *
 * <p>Invariants: at most one sync is started at a time; requests that arrive while no sync runs are all served by
 * the next one, requests that arrive while one runs by a single follow-up (coalescing); the retry schedule lives in
 * sync_state only (the engine writes it with each outcome), so nothing a restart could lose is held here.
 */
final class Scheduler implements AutoCloseable {

    /** How often settings are re-read even when nothing happened (seeds/000: "check every 60 seconds"). */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(60);
    /** Local writes keep deferring the sync by the debounce, but not beyond this many debounces in all. */
    private static final int MAX_DEBOUNCES = 10;
    private static final long STOP_TIMEOUT_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final String name;
    private final Clock clock;
    private final PollCadence cadence;
    private final Duration debounce;
    private final boolean canSync;
    private final Supplier<SyncReport> sync;
    private final Database db;
    private final ChangeWatcher watcher;

    /** Serializes {@link #runDueWork()}: the watcher and {@link #db} are used by one runner at a time. */
    private final ReentrantLock work = new ReentrantLock();
    /** Guards every field below; never held during I/O or a sync. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final List<CompletableFuture<SyncReport>> requests = new ArrayList<>();
    private Settings settings = Settings.DEFAULTS;
    private boolean settingsStale = true;
    private Instant nextPollAt = Instant.MIN;
    private Instant nextCheckAt = Instant.MIN;
    private @Nullable Instant firstLocalChange;
    private @Nullable Instant lastLocalChange;
    private boolean syncing;
    private boolean signalled;
    private boolean started;
    private boolean stopped;
    private Executor executor = Runnable::run;
    private @Nullable ExecutorService syncThread;
    private @Nullable Thread runner;
    private CommitWatch.@Nullable Registration commitWatch;

    /**
     * Creates a stopped scheduler that owns {@code db}.
     *
     * @param name the database file's name, for thread names
     * @param canSync whether the engine can sync (else only local changes are watched)
     * @param sync runs one sync on the calling thread, raising its events; throws on failure
     * @param db the scheduler's own connection, closed by {@link #close()}
     * @param watcher reads through {@code db}
     */
    Scheduler(String name, Clock clock, Duration pollInterval, Duration debounce, boolean canSync,
              Supplier<SyncReport> sync, Database db, ChangeWatcher watcher) {
        this.name = name;
        this.clock = clock;
        this.cadence = new PollCadence(pollInterval);
        this.debounce = debounce;
        this.canSync = canSync;
        this.sync = sync;
        this.db = db;
        this.watcher = watcher;
    }

    /**
     * Starts the worker. Changes that wait to be pushed (written while no engine ran) count as a local write now.
     *
     * @param withThreads whether to start the threads; without them, the caller drives {@link #runDueWork()} and
     *                    syncs run inline (tests)
     */
    void start(boolean withThreads) {
        boolean pending = canSync && db.read(Changelog::pendingCount) > 0;
        lock.lock();
        try {
            if (started || stopped) {
                throw new IllegalStateException("a scheduler starts once");
            }
            started = true;
            if (pending) {
                noteLocalChange(clock.instant());
            }
            if (withThreads) {
                var sync = Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("synckit-sync-" + name).daemon().factory());
                syncThread = sync;
                executor = sync;
                runner = Thread.ofPlatform().name("synckit-scheduler-" + name).daemon().start(this::loop);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Requests a sync (see {@code SyncEngine.syncNow()}).
     *
     * @return completed by the sync that serves the request
     */
    CompletableFuture<SyncReport> request() {
        lock.lock();
        try {
            if (stopped) {
                return CompletableFuture.failedFuture(stoppedBeforeTheSync());
            }
            var future = new CompletableFuture<SyncReport>();
            requests.add(future);
            signal();
            return future;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the worker whether the realtime socket is up: while it is, local writes are noticed sooner
     * ({@link PollCadence}) and pushed as soon as they are noticed instead of after the configured debounce. Other
     * devices then see an edit within milliseconds of its push, so waiting for more writes would only add latency;
     * a burst still coalesces, since the writes noticed while a sync runs are all pushed by one follow-up.
     *
     * @param connected whether the socket is up
     */
    void realtimeConnected(boolean connected) {
        lock.lock();
        try {
            cadence.realtime(connected);
            if (connected) {
                nextPollAt = Instant.MIN; // poll at once, then at the realtime interval
            }
            signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Watches the database file for commits of other connections ({@link CommitWatch}); where that works, the
     * configured poll interval is only a fallback even while the realtime socket is up. Closed with the worker.
     *
     * @param file the database file
     */
    void watchCommits(Path file) {
        var registration = CommitWatch.register(file, this::commitHint).orElse(null);
        lock.lock();
        try {
            if (stopped) {
                if (registration != null) {
                    registration.close();
                }
                return;
            }
            commitWatch = registration;
            cadence.watched(registration != null);
        } finally {
            lock.unlock();
        }
    }

    /** Another connection may just have committed: poll now and quickly for a while ({@link PollCadence}). */
    void commitHint() {
        lock.lock();
        try {
            cadence.hint(clock.instant());
            nextPollAt = Instant.MIN;
            signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns when the worker will sync next by itself, as {@code SyncStatus.nextAttempt()} reports it.
     *
     * @param fresh the settings as just read from the database
     * @return the time (now, if overdue or running), or empty if the worker will not sync by itself
     */
    Optional<Instant> nextSync(Settings fresh) {
        lock.lock();
        try {
            var at = stopped ? null : plannedAt(fresh);
            if (at == null) {
                return Optional.empty();
            }
            var now = clock.instant();
            return Optional.of(at.isBefore(now) ? now : at);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Does whatever is due now: polls for local changes, re-reads the settings, starts a sync. Returns without
     * waiting for a sync only when syncs run on the sync thread.
     */
    void runDueWork() {
        work.lock();
        try {
            var now = clock.instant();
            if (pollDue(now)) {
                var seen = watcher.poll();
                lock.lock();
                try {
                    settingsStale |= seen.committed();
                    if (seen.localChanges()) {
                        noteLocalChange(now);
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (checkDue(now)) {
                var fresh = db.read(Bookkeeping::settings);
                lock.lock();
                try {
                    settings = fresh;
                } finally {
                    lock.unlock();
                }
            }
            startSyncIfDue(now);
        } finally {
            work.unlock();
        }
    }

    /**
     * Stops the worker: cancels waiting requests, stops the runner, waits up to 30 seconds for a running sync
     * (then interrupts it), closes the connection. Idempotent.
     */
    @Override
    public void close() {
        List<CompletableFuture<SyncReport>> cancelled;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            if (commitWatch != null) {
                commitWatch.close();
            }
            cancelled = List.copyOf(requests);
            requests.clear();
            signal();
        } finally {
            lock.unlock();
        }
        cancelled.forEach(f -> f.completeExceptionally(stoppedBeforeTheSync()));
        boolean interrupted = awaitThreads();
        work.lock(); // a test may still be inside runDueWork on another thread
        try {
            db.close();
        } finally {
            work.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt(); // stopped anyway: the caller wants the worker gone
            }
        }
    }

    @Override
    public String toString() {
        return "Scheduler[" + name + "]";
    }

    private boolean pollDue(Instant now) {
        lock.lock();
        try {
            if (stopped || now.isBefore(nextPollAt)) {
                return false;
            }
            nextPollAt = now.plus(cadence.interval(now));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean checkDue(Instant now) {
        lock.lock();
        try {
            if (stopped || !settingsStale && now.isBefore(nextCheckAt)) {
                return false;
            }
            // Cleared before the read, so that a sync finishing during the read marks the settings stale again.
            settingsStale = false;
            nextCheckAt = now.plus(CHECK_INTERVAL);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void startSyncIfDue(Instant now) {
        List<CompletableFuture<SyncReport>> served;
        lock.lock();
        try {
            if (stopped || syncing) {
                return;
            }
            var at = plannedAt(settings);
            if (at == null || at.isAfter(now)) {
                return;
            }
            served = List.copyOf(requests);
            requests.clear();
            firstLocalChange = null; // the sync pushes every change captured so far
            lastLocalChange = null;
            syncing = true;
        } finally {
            lock.unlock();
        }
        try {
            executor.execute(() -> runSync(served));
        } catch (RejectedExecutionException e) {
            // close() shut the sync thread down between the check above and here: the requests never ran.
            finished(served, null, stoppedBeforeTheSync());
        }
    }

    private void runSync(List<CompletableFuture<SyncReport>> served) {
        SyncReport report = null;
        RuntimeException failure = null;
        try {
            report = sync.get();
        } catch (RuntimeException e) {
            // Recorded in sync_state and raised as SyncFailed by the engine; the retry is planned from there.
            failure = e;
            log.warn("Background sync of {} failed: {}", name, Bookkeeping.describe(e));
        }
        finished(served, report, failure);
    }

    private void finished(List<CompletableFuture<SyncReport>> served, @Nullable SyncReport report,
                          @Nullable RuntimeException failure) {
        lock.lock();
        try {
            syncing = false;
            settingsStale = true;
            signal();
        } finally {
            lock.unlock();
        }
        for (var f : served) {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(report);
            }
        }
    }

    /** When the next sync is due by {@code s}, or null if none is; guarded by {@link #lock}. */
    private @Nullable Instant plannedAt(Settings s) {
        if (!canSync) {
            return null;
        }
        if (!requests.isEmpty()) {
            return Instant.MIN;
        }
        if (!s.autoSync() || s.authRejected()) {
            return null;
        }
        if (s.retryCount() > 0) {
            var retry = s.nextAttempt();
            return retry == null ? Instant.MIN : retry;
        }
        var interval = s.lastSuccess() == null ? Instant.MIN : s.lastSuccess().plus(s.interval());
        var local = localDueAt();
        return local != null && local.isBefore(interval) ? local : interval;
    }

    private @Nullable Instant localDueAt() {
        var first = firstLocalChange;
        var last = lastLocalChange;
        if (first == null || last == null) {
            return null;
        }
        if (cadence.realtime()) {
            return first; // leading edge: due at once (the coalescing is the sync's own duration, see above)
        }
        var debounced = last.plus(debounce);
        var latest = first.plus(debounce.multipliedBy(MAX_DEBOUNCES));
        return debounced.isBefore(latest) ? debounced : latest;
    }

    private void noteLocalChange(Instant now) {
        if (firstLocalChange == null) {
            firstLocalChange = now;
        }
        lastLocalChange = now;
    }

    private void signal() {
        signalled = true;
        wake.signalAll();
    }

    /** The runner's loop: do what is due, sleep until the next deadline or a signal, until stopped. */
    private void loop() {
        while (true) {
            try {
                runDueWork();
            } catch (RuntimeException e) {
                // The poll or the settings read failed (the disk went away, the file is locked for long): keep
                // running and try again at the next poll; nextPollAt already moved, so this cannot spin.
                log.warn("The SyncKit scheduler of {} could not check the database: {}", name, e.getMessage());
            }
            lock.lock();
            try {
                if (stopped) {
                    return;
                }
                if (!signalled) {
                    wake.awaitNanos(nanosUntil(nextWakeUp()));
                }
                signalled = false;
            } catch (InterruptedException e) {
                // Only close() interrupts this thread, when it did not stop in time: stop.
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The earliest deadline; guarded by {@link #lock}. */
    private Instant nextWakeUp() {
        var at = nextPollAt.isBefore(nextCheckAt) ? nextPollAt : nextCheckAt;
        var due = syncing ? null : plannedAt(settings);
        return due != null && due.isBefore(at) ? due : at;
    }

    private long nanosUntil(Instant deadline) {
        var now = clock.instant();
        if (!deadline.isAfter(now)) {
            return 0;
        }
        var wait = Duration.between(now, deadline);
        return (wait.compareTo(CHECK_INTERVAL) > 0 ? CHECK_INTERVAL : wait).toNanos();
    }

    /** Waits for the threads to end; returns whether the calling thread was interrupted meanwhile. */
    private boolean awaitThreads() {
        boolean interrupted = false;
        var thread = runner;
        var sync = syncThread;
        try {
            if (thread != null && thread != Thread.currentThread()) {
                thread.join(Duration.ofSeconds(STOP_TIMEOUT_SECONDS));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (sync != null) {
            sync.shutdown();
            try {
                if (interrupted) {
                    sync.shutdownNow(); // the caller was interrupted: do not make it wait any longer
                } else if (!sync.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("A background sync of {} still runs after {} s; interrupting it", name,
                            STOP_TIMEOUT_SECONDS);
                    sync.shutdownNow();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                sync.shutdownNow();
            }
        }
        return interrupted;
    }

    private static CancellationException stoppedBeforeTheSync() {
        return new CancellationException("the engine's background worker stopped before the sync ran");
    }
}
