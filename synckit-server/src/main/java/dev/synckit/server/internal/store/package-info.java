/**
 * The store SPI: everything the HTTP layer and {@code Admin} need from a database, keyed by space, plus the
 * store-independent push algorithm ({@link dev.synckit.server.internal.store.PushProcessor}) that every backend
 * runs inside its own append transaction.
 *
 * <p>A backend implements {@link dev.synckit.server.internal.store.Store} and, for pushes,
 * {@link dev.synckit.server.internal.store.PushTransaction}: the few reads and batched writes the algorithm needs.
 * SQLite is the one backend today ({@code store.sqlite}); PostgreSQL comes next.
 */
@NullMarked
package dev.synckit.server.internal.store;

import org.jspecify.annotations.NullMarked;
