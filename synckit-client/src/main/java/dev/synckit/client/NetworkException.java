package dev.synckit.client;

import org.jspecify.annotations.Nullable;

/**
 * The server could not be reached or the connection failed before a complete answer arrived: DNS failure,
 * connection refused, timeout, connection reset, or the calling thread was interrupted (its interrupt flag is
 * then set again). The request may or may not have been processed; every SyncKit request is safe to retry.
 *
 * @since 0.1
 */
public final class NetworkException extends SyncKitException {

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets or payloads
     * @param cause the I/O failure, if any
     */
    public NetworkException(String message, @Nullable Throwable cause) {
        super(message, null, cause);
    }
}
