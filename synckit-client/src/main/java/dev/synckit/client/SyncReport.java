package dev.synckit.client;

/**
 * What one {@link SyncEngine#sync()}, {@link SyncEngine#push()} or {@link SyncEngine#pull()} did.
 *
 * <p>The push counts follow the server's per-op answer (DESIGN §4): every pushed op is counted once as
 * {@code pushed}, {@code duplicate}, {@code superseded} or {@code rejected}; all four are marked as pushed
 * locally and never sent again. Ops the engine dropped before sending (a captured row id the protocol does not
 * allow) count as {@code rejected} too.
 *
 * @param pushed ops the server accepted into the space's log as new
 * @param duplicate ops the server had already accepted earlier (an idempotent retry)
 * @param superseded ops whose every field had already been overwritten by a newer write on the server
 * @param rejected ops the server (or the engine) refused; their reasons are logged, never their payloads
 * @param pulled ops received from the server, including this device's own ops, which are skipped
 * @param applied received ops that changed the local database (at least one field won, or a row was deleted)
 * @since 0.1
 */
public record SyncReport(int pushed, int duplicate, int superseded, int rejected, int pulled, int applied) {

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public SyncReport {
        if (pushed < 0 || duplicate < 0 || superseded < 0 || rejected < 0 || pulled < 0 || applied < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
