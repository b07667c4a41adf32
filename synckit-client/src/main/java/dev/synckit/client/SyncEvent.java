package dev.synckit.client;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.synckit.protocol.ErrorCode;

/**
 * Something that happened in a {@link SyncEngine}, for an app's UI: a sync started, completed or failed, rows
 * changed (by the app's own writes or by other devices), the server refused the credentials, or a subscriber
 * fell behind and lost events.
 *
 * <p>Events are delivered through an {@link EventSubscription} ({@link SyncEngine#subscribe()}). The set of event
 * types is closed; switch over it without a {@code default}, so that a new type in a later version shows up at
 * compile time:
 * {@snippet :
 * switch (event) {
 *     case SyncEvent.SyncStarted s -> statusLine.show("Syncing…");
 *     case SyncEvent.SyncCompleted c -> statusLine.show("Synced: " + c.report().applied() + " changes");
 *     case SyncEvent.SyncFailed f -> statusLine.show("Sync failed: " + f.message());
 *     case SyncEvent.RowsChanged r -> views.refresh(r.table(), r.rowIds());
 *     case SyncEvent.AuthExpired a -> askTheUserToSignInAgain();
 *     case SyncEvent.EventsOverflowed o -> views.reloadEverything();
 * }
 * }
 *
 * <p>Every event is an immutable record, safe to hand to any thread. Events never carry row values, credentials
 * or tokens: only table names, row ids and column names.
 *
 * @since 0.1
 */
public sealed interface SyncEvent {

    /**
     * A sync, push or pull started (whether the background worker, {@link SyncEngine#syncNow()} or a direct call of
     * {@link SyncEngine#sync()} started it). It is followed by exactly one {@link SyncCompleted} or
     * {@link SyncFailed}, unless the subscriber overflows in between.
     *
     * @param at when it started, by the engine's clock
     * @since 0.1
     */
    record SyncStarted(Instant at) implements SyncEvent {

        /**
         * Validates the components.
         *
         * @throws NullPointerException if {@code at} is null
         */
        public SyncStarted {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A sync, push or pull completed.
     *
     * @param at when it completed, by the engine's clock
     * @param report what it pushed and pulled
     * @since 0.1
     */
    record SyncCompleted(Instant at, SyncReport report) implements SyncEvent {

        /**
         * Validates the components.
         *
         * @throws NullPointerException if a component is null
         */
        public SyncCompleted {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * A sync, push or pull failed. The database stays consistent (see {@link SyncEngine}); what the failed sync did
     * before it failed (pushed batches, applied pages) is kept.
     *
     * @param at when it failed, by the engine's clock
     * @param kind what kind of failure it was
     * @param code the protocol error code the server sent, if it sent one
     * @param message a short description, without payloads or secrets
     * @param retryable whether trying again later can succeed without the user or the app doing something first
     *                  ({@code false} for {@link ErrorKind#AUTH}, {@link ErrorKind#RESYNC_REQUIRED},
     *                  {@link ErrorKind#CRYPTO}, {@link ErrorKind#CONFLICT}, {@link ErrorKind#INTERNAL} and for
     *                  server answers other than 408, 429 and 5xx)
     * @param retryCount consecutive failed syncs, this one included
     * @param nextAttempt when the background worker will try again by itself; empty when it will not (it is not
     *                    started, auto sync is off, or the server refused the credentials)
     * @since 0.1
     */
    record SyncFailed(Instant at, ErrorKind kind, Optional<ErrorCode> code, String message, boolean retryable,
                      int retryCount, Optional<Instant> nextAttempt) implements SyncEvent {

        /**
         * Validates the components.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if {@code retryCount} is negative
         */
        public SyncFailed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(nextAttempt, "nextAttempt");
            if (retryCount < 0) {
                throw new IllegalArgumentException("retryCount must not be negative");
            }
        }
    }

    /**
     * Rows of one synced table changed. {@link Source#LOCAL LOCAL} changes are the app's own writes through any
     * connection, noticed by the background worker shortly after they commit ({@link SyncEngine#start()});
     * {@link Source#REMOTE REMOTE} changes are other devices' writes, reported after the pulled page that carried
     * them committed, and only for rows the merge actually changed.
     *
     * <p>Only synced tables and columns are reported (a write to a local-only column is not). A large change is
     * reported as several events of at most 1,000 rows each; a row appears once per event.
     *
     * @param source who made the change
     * @param table the table
     * @param rows the changed rows, in the order they were written
     * @since 0.1
     */
    record RowsChanged(Source source, String table, List<RowChange> rows) implements SyncEvent {

        /**
         * Validates and copies the components.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if {@code rows} is empty
         */
        public RowsChanged {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(table, "table");
            rows = List.copyOf(rows);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("rows must not be empty");
            }
        }

        /** {@return the ids of the changed rows, in the order of {@link #rows()}} */
        public List<String> rowIds() {
            return rows.stream().map(RowChange::rowId).toList();
        }

        /** {@return every column that changed in any of the rows} */
        public Set<String> columns() {
            var out = new LinkedHashSet<String>();
            rows.forEach(r -> out.addAll(r.columns()));
            return Set.copyOf(out);
        }
    }

    /**
     * One changed row of a {@link RowsChanged} event.
     *
     * @param rowId the row's primary key, as text
     * @param deleted whether the row is gone (it was deleted, last of the changes reported)
     * @param columns the synced columns that were written; empty for a deleted row
     * @since 0.1
     */
    record RowChange(String rowId, boolean deleted, Set<String> columns) {

        /**
         * Validates and copies the components.
         *
         * @throws NullPointerException if a component is null
         */
        public RowChange {
            Objects.requireNonNull(rowId, "rowId");
            columns = Set.copyOf(columns);
        }
    }

    /**
     * The server refused the credentials (HTTP 401) or the access (HTTP 403). The background worker stops syncing
     * by itself until {@link SyncEngine#syncNow()} succeeds; call it after the user signed in again.
     *
     * @param at when the server refused, by the engine's clock
     * @param status the HTTP status, 401 or 403
     * @param message the server's explanation, without secrets
     * @since 0.1
     */
    record AuthExpired(Instant at, int status, String message) implements SyncEvent {

        /**
         * Validates the components.
         *
         * @throws NullPointerException if a component is null
         */
        public AuthExpired {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The subscription's queue was full, so its queued events were discarded: the subscriber has lost events and
     * must not trust incremental updates any more. Reload what the UI shows from the database (and, if in doubt,
     * {@link SyncEngine#syncNow() sync}). Later events are delivered normally after this one; if the queue fills
     * up again before this event is read, the count grows and there is still only one such event.
     *
     * @param dropped how many events were discarded, at least 1
     * @since 0.1
     */
    record EventsOverflowed(long dropped) implements SyncEvent {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException if {@code dropped} is less than 1
         */
        public EventsOverflowed {
            if (dropped < 1) {
                throw new IllegalArgumentException("dropped must be at least 1");
            }
        }
    }

    /**
     * Who made a change.
     *
     * @since 0.1
     */
    enum Source {
        /** This device: the app wrote the row, through any connection. */
        LOCAL,
        /** Another device: the change arrived with a pull. */
        REMOTE
    }

    /**
     * The kind of a {@link SyncFailed} failure, after the {@link SyncKitException} subtypes.
     *
     * @since 0.1
     */
    enum ErrorKind {
        /** The server refused the credentials or the access ({@link AuthException}). */
        AUTH,
        /** The server could not be reached or the connection failed ({@link NetworkException}). */
        NETWORK,
        /** The server answered with an error ({@link ServerException}). */
        SERVER,
        /** The server refused a push batch as a whole, even after the repair ({@link ConflictException}). */
        CONFLICT,
        /** The device's copy must be rebuilt from a snapshot ({@link ResyncRequiredException}). */
        RESYNC_REQUIRED,
        /** Encryption or decryption failed ({@link CryptoException}). */
        CRYPTO,
        /** The local database could not be read or written ({@link LocalStoreException}). */
        LOCAL_STORE,
        /** Anything else: a bug in SyncKit or in a {@link SyncKitClient} implementation. */
        INTERNAL
    }
}
