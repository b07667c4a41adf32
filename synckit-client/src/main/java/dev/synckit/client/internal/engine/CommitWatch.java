package dev.synckit.client.internal.engine;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hints that another connection (the app's) may just have committed to a SQLite file, within about a millisecond,
 * where the platform reports file changes as they happen (inotify on Linux, the native service on Windows, through
 * the JDK's {@link WatchService}). Where the JDK only has a polling watch service (macOS), it is not used: engines
 * then rely on their own polling alone ({@link PollCadence}).
 *
 * <p>A hint is not a commit notice: a commit writes its pages to the {@code -wal} file (which the watch sees) and
 * then publishes them in the shared-memory index (which it cannot see, being a memory mapping), so the engine
 * answers a hint with a short burst of quick {@code PRAGMA data_version} polls rather than one. Its own writes hint
 * too; that costs a few cheap polls.
 *
 * <p>One daemon platform thread, {@code synckit-commit-watch}, serves every engine of the JVM, started with the
 * first registration. Hints run on that thread and must only signal (never block). Safe for concurrent use.
 */
final class CommitWatch {

    /** A registration; {@link #close()} stops its hints. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static final Logger log = LoggerFactory.getLogger(CommitWatch.class);
    private static final ReentrantLock INSTANCE_LOCK = new ReentrantLock();
    private static @Nullable CommitWatch instance;
    private static boolean unavailable;

    private record Listener(String fileName, Runnable hint) {
    }

    private final WatchService service;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: one key per watched directory. */
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, List<Listener>> listeners = new ConcurrentHashMap<>();

    private CommitWatch(WatchService service) {
        this.service = service;
    }

    /**
     * Watches a database file.
     *
     * @param databaseFile the SQLite file
     * @param hint run (on the watch thread) when the file or its {@code -wal}/{@code -journal} changed; must not
     *             block
     * @return the registration, or empty where changes cannot be watched promptly (then poll)
     */
    static Optional<Registration> register(Path databaseFile, Runnable hint) {
        var watch = instance();
        if (watch == null) {
            return Optional.empty();
        }
        var file = databaseFile.toAbsolutePath().normalize();
        var dir = file.getParent();
        var name = file.getFileName();
        if (dir == null || name == null) {
            return Optional.empty();
        }
        return watch.add(dir, new Listener(name.toString(), hint));
    }

    private static @Nullable CommitWatch instance() {
        INSTANCE_LOCK.lock();
        try {
            if (instance == null && !unavailable) {
                instance = start();
                unavailable = instance == null;
            }
            return instance;
        } finally {
            INSTANCE_LOCK.unlock();
        }
    }

    private static @Nullable CommitWatch start() {
        WatchService service;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("No file watch service ({}); engines poll for local commits", e.toString());
            return null;
        }
        if (service.getClass().getName().contains("Polling")) {
            closeQuietly(service); // it would notice changes seconds late: polling ourselves is better
            return null;
        }
        var watch = new CommitWatch(service);
        Thread.ofPlatform().name("synckit-commit-watch").daemon().start(watch::loop);
        return watch;
    }

    private Optional<Registration> add(Path dir, Listener listener) {
        lock.lock();
        try {
            var key = keys.get(dir);
            if (key == null || !key.isValid()) { // invalid: the directory was deleted and made again since
                keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY));
            }
            listeners.computeIfAbsent(dir, d -> new CopyOnWriteArrayList<>()).add(listener);
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot watch {} for commits ({}); the engine polls", dir, e.toString());
            return Optional.empty();
        } finally {
            lock.unlock();
        }
        return Optional.of(() -> remove(dir, listener));
    }

    private void remove(Path dir, Listener listener) {
        lock.lock();
        try {
            var list = listeners.get(dir);
            if (list == null || !list.remove(listener) || !list.isEmpty()) {
                return;
            }
            listeners.remove(dir);
            var key = keys.remove(dir);
            if (key != null) {
                key.cancel();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            var list = key.watchable() instanceof Path dir ? listeners.get(dir) : null;
            for (var event : key.pollEvents()) {
                if (list != null) {
                    dispatch(list, event.kind() == StandardWatchEventKinds.OVERFLOW ? null : event.context());
                }
            }
            if (!key.reset() && key.watchable() instanceof Path gone) {
                forget(gone, key); // the directory went away; a new registration watches it afresh
            }
        }
    }

    private void forget(Path dir, WatchKey key) {
        lock.lock();
        try {
            keys.remove(dir, key);
        } finally {
            lock.unlock();
        }
    }

    /** Hints every listener whose file the changed name belongs to (all of them if the name is unknown). */
    private static void dispatch(List<Listener> list, @Nullable Object changed) {
        var name = changed instanceof Path p ? p.toString() : null;
        for (var listener : list) {
            if (name == null || name.equals(listener.fileName()) || name.equals(listener.fileName() + "-wal")
                    || name.equals(listener.fileName() + "-journal")) {
                try {
                    listener.hint().run();
                } catch (RuntimeException e) {
                    log.warn("A commit hint failed: {}", e.toString());
                }
            }
        }
    }

    private static void closeQuietly(WatchService service) {
        try {
            service.close();
        } catch (IOException e) {
            // nothing to release that matters
        }
    }
}
