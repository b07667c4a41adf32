/**
 * The store SPI: everything the HTTP layer and {@code Admin} need from a database, keyed by space, plus the
 * store-independent push algorithm ({@link dev.synckit.server.internal.store.PushProcessor}) that every backend
 * runs inside its own append transaction.
 *
 * <p>A backend implements {@link dev.synckit.server.internal.store.Store} and, for pushes,
 * {@link dev.synckit.server.internal.store.PushTransaction}: the few reads and batched writes the algorithm needs.
 * Two backends: embedded SQLite ({@code store.sqlite}, the default) and PostgreSQL ({@code store.postgres}); see
 * {@link dev.synckit.server.internal.store.Stores} for how the configuration picks one.
 */
@NullMarked
package dev.synckit.server.internal.store;

import org.jspecify.annotations.NullMarked;
