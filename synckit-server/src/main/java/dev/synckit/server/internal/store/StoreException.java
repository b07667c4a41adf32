package dev.synckit.server.internal.store;

import org.jspecify.annotations.Nullable;

/**
 * A store failure that is not the caller's fault: the database is busy, closed, broken or full.
 *
 * <p>{@link #transientFailure()} tells whether retrying later may help: the store is unavailable right now (lock
 * contention, a store that is closed or shutting down, a database that cannot be reached or is out of
 * connections). The HTTP layer answers those with {@code 503 unavailable} and everything else with
 * {@code 500 internal}.
 */
public final class StoreException extends RuntimeException {

    private final boolean transientFailure;

    /**
     * Creates the exception.
     *
     * @param message what failed, without payloads or secrets
     * @param cause the underlying failure, usually an {@link java.sql.SQLException}
     * @param transientFailure whether a retry later may succeed
     */
    public StoreException(String message, @Nullable Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Returns whether a retry later may succeed. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
