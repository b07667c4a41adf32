package dev.synckit.tests.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.postgres.PostgresStore;
import dev.synckit.server.internal.store.postgres.PostgresUrl;
import dev.synckit.testkit.PgDatabase;
import dev.synckit.testkit.StoreContract;

/**
 * The store contract on PostgreSQL: a fresh database for the class (migrated by the first store), emptied before
 * each test. Fails, never skips, when PostgreSQL is not reachable.
 */
@Tag("postgres")
class PostgresStoreTest extends StoreContract {

    static PgDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = PgDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected Store openFreshStore() {
        db.truncateAll();
        return reopenStore();
    }

    @Override
    protected Store reopenStore() {
        return PostgresStore.open(PostgresUrl.parse(db.jdbcUrl()), 8);
    }
}
