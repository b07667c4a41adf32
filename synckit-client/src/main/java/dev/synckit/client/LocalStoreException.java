package dev.synckit.client;

import org.jspecify.annotations.Nullable;

/**
 * The local SQLite database could not be read or written: the file is locked for longer than the busy timeout,
 * the disk is full, or an app table rejected a remote change (a {@code CHECK} or {@code NOT NULL} constraint, an
 * app trigger that aborts). The transaction that failed was rolled back: a pull page is applied completely or
 * not at all, and the pull cursor only moves with it.
 *
 * @since 0.1
 */
public final class LocalStoreException extends SyncKitException {

    /**
     * Creates the exception.
     *
     * @param message what failed, without row payloads
     * @param cause the underlying failure, usually a {@link java.sql.SQLException}
     */
    public LocalStoreException(String message, @Nullable Throwable cause) {
        super(message, null, cause);
    }
}
