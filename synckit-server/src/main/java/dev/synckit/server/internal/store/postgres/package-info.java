/**
 * The PostgreSQL store: the same schema and semantics as the embedded SQLite store, on a shared database that
 * several server processes can use at once.
 *
 * <p>Pieces: {@link dev.synckit.server.internal.store.postgres.PostgresUrl} validates the configured URL and keeps
 * the password out of every message; {@code PgSetup} builds the HikariCP pool and runs the Flyway migrations of
 * {@code db/migration/postgres}; {@code PgExecutor} runs JDBC work on a pooled connection (transactions, bounded
 * retries of deadlock and serialization victims, failure translation by SQLState in {@code PgFailures});
 * {@code PgAccounts}, {@code PgOps} and {@code PgPushTransaction} hold the queries.
 *
 * <p>Threading: work runs on the caller's thread (request handlers are virtual threads; the driver and HikariCP
 * do not pin them). Appends to one space are serialized by a row lock on the space, see
 * {@link dev.synckit.server.internal.store.postgres.PostgresStore}.
 */
@NullMarked
package dev.synckit.server.internal.store.postgres;

import org.jspecify.annotations.NullMarked;
