/**
 * The embedded SQLite store: one file per server ({@code <dataDir>/synckit.db}) in WAL mode.
 *
 * <p>Threading: every write runs on the one platform thread {@code synckit-sqlite-writer} inside
 * {@code BEGIN IMMEDIATE … COMMIT}; reads run on a few {@code synckit-sqlite-reader-N} platform threads, each with
 * its own read-only connection. sqlite-jdbc's native calls pin a virtual thread's carrier, so request handlers
 * (virtual threads) hand work to these threads and wait. {@code busy_timeout} lets another process (the admin CLI)
 * write the same file while the server runs.
 */
@NullMarked
package dev.synckit.server.internal.store.sqlite;

import org.jspecify.annotations.NullMarked;
