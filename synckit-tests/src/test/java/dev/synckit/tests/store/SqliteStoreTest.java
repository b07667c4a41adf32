package dev.synckit.tests.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import dev.synckit.testkit.StoreContract;

/** The store contract on the embedded SQLite store: a fresh file per test. */
class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    protected Store openFreshStore() {
        return SqliteStore.open(dir.resolve("synckit.db"));
    }

    @Override
    protected Store reopenStore() {
        return SqliteStore.open(dir.resolve("synckit.db"));
    }
}
