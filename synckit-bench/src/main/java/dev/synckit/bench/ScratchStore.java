package dev.synckit.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.synckit.server.ServerConfig;

/**
 * A fresh, empty server store for one run, removed again by {@link #close()}: a new directory for the embedded
 * SQLite store, or a new PostgreSQL database.
 */
sealed interface ScratchStore extends AutoCloseable permits SqliteScratchStore, PostgresScratchStore {

    /** Creates the store of the settings' kind under {@code workDir}. */
    static ScratchStore create(BenchSettings settings, Path workDir) {
        return switch (settings.store()) {
            case SQLITE -> new SqliteScratchStore(workDir.resolve("server-store"));
            case POSTGRES -> PostgresScratchStore.create(settings.postgresUrl());
        };
    }

    /** The store settings, for {@link dev.synckit.server.Admin} in this process. */
    ServerConfig config();

    /** Arguments for {@link BenchServerMain}. */
    List<String> serverArgs();

    /** Environment variables for {@link BenchServerMain} (the database URL travels here, never in arguments). */
    Map<String, String> serverEnv();

    /** The store's size on disk in bytes. */
    long sizeBytes();

    /** Removes the store. Idempotent. */
    @Override
    void close();
}
