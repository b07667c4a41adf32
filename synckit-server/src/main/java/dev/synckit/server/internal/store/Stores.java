package dev.synckit.server.internal.store;

import dev.synckit.server.ServerConfig;
import dev.synckit.server.internal.store.postgres.PostgresStore;
import dev.synckit.server.internal.store.postgres.PostgresUrl;
import dev.synckit.server.internal.store.sqlite.SqliteStore;

/**
 * Opens the store a configuration names: PostgreSQL when a {@linkplain ServerConfig#databaseUrl() database URL}
 * is set, otherwise the embedded SQLite store under the data directory.
 */
public final class Stores {

    /** The embedded store's file name inside the data directory. */
    public static final String SQLITE_FILE = "synckit.db";

    private Stores() {
    }

    /**
     * Opens the configured store, creating and migrating it if needed.
     *
     * @param config the configuration
     * @return the open store; the caller closes it
     * @throws StoreException if the store cannot be opened or migrated
     */
    public static Store open(ServerConfig config) {
        var url = config.databaseUrl();
        if (url.isPresent()) {
            return PostgresStore.open(PostgresUrl.parse(url.get()), config.databasePoolSize());
        }
        return SqliteStore.open(config.dataDir().resolve(SQLITE_FILE));
    }

    /**
     * Starts opening the configured store and returns at once; see {@link Store#awaitReady()}.
     *
     * @param config the configuration
     * @return the store, possibly still migrating; the caller closes it
     */
    public static Store openAsync(ServerConfig config) {
        var url = config.databaseUrl();
        if (url.isPresent()) {
            return PostgresStore.openAsync(PostgresUrl.parse(url.get()), config.databasePoolSize());
        }
        return SqliteStore.openAsync(config.dataDir().resolve(SQLITE_FILE));
    }
}
