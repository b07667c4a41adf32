package dev.synckit.client.internal.engine;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the background worker decides by, as kept in sync_state: the app's settings ({@code auto_sync_enabled},
 * {@code sync_interval_minutes}, which it may change with plain SQL at any time) and the outcome of the last syncs
 * (written by the engine with every outcome). Read fresh from the database, never cached across a restart.
 *
 * @param autoSync whether the worker syncs by itself
 * @param interval how long after the last success the next sync is due
 * @param lastSuccess when a sync last succeeded, or null if none ever did
 * @param retryCount consecutive failures since then
 * @param nextAttempt when to retry after the last failure, or null if no retry is planned
 * @param authRejected whether the server refused the credentials since the last success
 */
record Settings(boolean autoSync, Duration interval, @Nullable Instant lastSuccess, int retryCount,
                @Nullable Instant nextAttempt, boolean authRejected) {

    /** The seeded defaults of a fresh database. */
    static final Settings DEFAULTS = new Settings(true, Duration.ofMinutes(15), null, 0, null, false);
}
