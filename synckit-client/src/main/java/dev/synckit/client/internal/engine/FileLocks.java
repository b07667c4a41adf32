package dev.synckit.client.internal.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per database file in this JVM, so that two engines opened on the same file never sync at the same
 * time. Across processes SQLite's own locking keeps the file consistent: every engine transaction is
 * {@code BEGIN IMMEDIATE}, and a push or pull that runs twice is harmless (same op ids, idempotent merge).
 */
final class FileLocks {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    static ReentrantLock of(Path file) {
        return LOCKS.computeIfAbsent(canonical(file), p -> new ReentrantLock());
    }

    private static Path canonical(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            // Not created yet, or not resolvable: the normalized absolute path is the best identity there is.
            return file.toAbsolutePath().normalize();
        }
    }
}
