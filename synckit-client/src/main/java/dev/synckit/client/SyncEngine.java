package dev.synckit.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.internal.engine.DefaultSyncEngine;
import dev.synckit.client.internal.engine.EngineConfig;
import dev.synckit.protocol.Identifiers;

/**
 * The local side of sync, on the app's own SQLite file: captures every local write to the declared tables and
 * exchanges them with the server through a {@link SyncKitClient}.
 *
 * <p><b>Lifecycle.</b> {@link Builder#build()} opens the file with the engine's own connections and installs
 * SyncKit into it (bookkeeping tables {@code sync_changelog}, {@code sync_state}, {@code sync_row_clock}, and
 * capture triggers on every declared table); installing the same declaration again is a no-op, a changed one
 * replaces the triggers. From then on the app keeps reading and writing its tables with plain SQL through its own
 * connections, online or offline; each write is recorded by a trigger. {@link #sync()} sends the recorded changes
 * and applies everyone else's. {@link #close()} closes the engine's connections; the triggers stay installed
 * and keep recording, so nothing written while no engine runs is lost.
 *
 * <p><b>Background sync.</b> {@link #start()} starts the engine's background worker, which syncs when it is due:
 * every {@code sync_interval_minutes} (a {@code sync_state} setting, default 15), shortly after local writes
 * (many writes in a row are coalesced into one sync), and on {@link #syncNow()}. After a failure it retries after
 * 1, 2, 4, 8, then every 15 minutes; the retry schedule is kept in the database, so a restart keeps it, and a
 * success resets it. When the server refuses the credentials (401/403) it raises
 * {@link SyncEvent.AuthExpired} and stops syncing by itself until {@link #syncNow()} succeeds. With the
 * {@code sync_state} setting {@code auto_sync_enabled} set to {@code '0'} it syncs only on {@link #syncNow()}.
 * The app may change both settings with plain SQL at any time; the worker reads them at least once a minute.
 *
 * <p><b>Realtime.</b> A started, configured engine also keeps a WebSocket open to the server
 * ({@link SyncKitClient#openRealtime}): other devices' changes arrive within milliseconds of their push and are
 * applied like a pulled page (one transaction, the same merge, remote {@link SyncEvent.RowsChanged} events), and
 * local writes are pushed as soon as the worker notices them while the socket is up (no debounce: the writes noticed
 * while that push runs go out together right after it), over the socket itself (a {@code push} frame, which saves
 * an HTTP request; batches over 1 MiB, and any push whose socket goes before the answer or that gets no answer within
 * 30 seconds, go over HTTP, where a repeat is recognized by its op ids). Streamed changes are
 * applied only in order and never twice; when in doubt (a gap, a server's {@code catch_up}, every reconnect) the
 * engine syncs over HTTP instead. A socket that drops is reopened with a jittered backoff from 0.5 to 30 seconds;
 * meanwhile the HTTP schedule keeps working. {@link SyncStatus#realtimeConnected()} tells whether the socket is up.
 *
 * <p><b>Events.</b> {@link #subscribe()} delivers {@link SyncEvent}s (sync started, completed or failed, rows
 * changed locally or remotely, credentials refused) over a bounded queue per subscriber that never blocks sync or
 * the app's writes. Local {@link SyncEvent.RowsChanged} events come from the background worker, which notices
 * commits by any connection to the file (SQLite's {@code PRAGMA data_version}) and reads what the capture
 * triggers recorded. Where the platform reports file changes as they happen (Linux, Windows), the worker also
 * watches the file and its {@code -wal}, so a commit is noticed within a millisecond or two; elsewhere (macOS) it
 * polls, every 10 ms while the realtime socket is up and at {@link Builder#changePollInterval} otherwise.
 *
 * <p><b>Unconfigured engines.</b> An engine built without a {@link Builder#client client} installs and captures
 * but cannot sync: {@link #sync()}, {@link #push()}, {@link #pull()}, {@link #registerDevice()} and
 * {@link #syncNow()} throw {@link IllegalStateException}. An app can thus install before the user connects to sync.
 * Its background worker still reports local changes. After {@link #disconnect()} an engine is unconfigured too.
 *
 * <p><b>Threading.</b> Safe for concurrent use. Only one sync, push, pull or cleanup runs at a time per database
 * file in this JVM, whether the background worker or the app started it; other callers wait. The background
 * worker runs on two daemon platform threads named {@code synckit-scheduler-<file>} and
 * {@code synckit-sync-<file>}, the realtime socket on a third, {@code synckit-realtime-<file>}.
 * {@link #status()} never waits for a running sync. The methods that talk to the server block; call them from a
 * background thread. If the waiting thread is interrupted, the method throws with the interrupt flag set again.
 *
 * <p><b>End-to-end encryption.</b> {@link #setupEncryptionNew} (first device) or {@link #setupEncryptionExisting}
 * (other devices) turns it on; afterwards each op is sealed before push and opened after pull, and the server
 * stores only ciphertexts and keyed hashes (docs/ENCRYPTION.md, SECURITY.md). The master key is kept in the
 * {@link Builder#secretStore secret store}; {@link #tryLoadKeyFromKeychain()} loads it on later runs. Once the
 * account has a key blob, this engine never pushes plaintext: a sync without the key fails with
 * {@link CryptoException.Reason#NO_MASTER_KEY} before anything is sent, and an op that does not authenticate fails
 * the pull with {@link CryptoException.Reason#TAMPERED} before anything of its page is applied.
 * {@link SyncStatus#encryption()} tells which case applies. Limits in an encrypted space: a table name and a row id
 * may have at most 158 bytes of UTF-8 together (else {@link CryptoException.Reason#ROW_ID_TOO_LONG}, before anything
 * is sent), and sealed ops are larger, so the server's per-op size limit is reached sooner. Encryption is set up
 * before a space's first data is synced; data synced in the clear is not re-encrypted.
 *
 * <p><b>Failures.</b> Every failure is a {@link SyncKitException} and leaves the database consistent: a pull page is
 * applied completely or not at all, the pull cursor moves with it, and a push can always be retried (it resends
 * the same op ids). Failures and successes are recorded for {@link #status()}.
 *
 * @since 0.1
 */
public interface SyncEngine extends AutoCloseable {

    /**
     * Starts configuring an engine.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one sync cycle: registers the device if needed, copies every existing row into the changelog on the
     * device's first sync (the initial snapshot), pushes all captured changes, pulls and applies everything new
     * on the server, then deletes old pushed changelog entries.
     *
     * @return what was pushed and pulled
     * @throws IllegalStateException if the engine has no client or is closed
     * @throws SyncKitException if the server, the network or the local database fails
     */
    SyncReport sync();

    /**
     * Pushes every captured change (after the initial snapshot, if it is still due), without pulling.
     *
     * @return what was pushed
     * @throws IllegalStateException if the engine has no client or is closed
     * @throws SyncKitException if the server, the network or the local database fails
     */
    SyncReport push();

    /**
     * Pulls and applies everything new on the server, without pushing. Captured local changes that are not pushed
     * yet still take part in the merge with the time they were made.
     *
     * @return what was pulled
     * @throws IllegalStateException if the engine has no client or is closed
     * @throws SyncKitException if the server, the network or the local database fails
     */
    SyncReport pull();

    /**
     * Returns the engine's state for a status display. Reads the database; does not contact the server.
     *
     * @return the status
     * @throws IllegalStateException if the engine is closed
     * @throws LocalStoreException if the database cannot be read
     */
    SyncStatus status();

    /**
     * Returns this installation's device id, once it is registered.
     *
     * @return the device id, or empty before the first registration
     */
    Optional<UUID> deviceId();

    /**
     * Returns this installation's device id, registering the device with the server first if it has no id yet.
     * The id is kept in the database, so registration happens once per database file.
     *
     * @return the device id
     * @throws IllegalStateException if the engine has no client or is closed
     * @throws SyncKitException if registration fails
     */
    UUID registerDevice();

    /**
     * Deletes pushed changelog entries older than the {@link Builder#changelogRetention retention}, then the
     * oldest pushed entries beyond the {@link Builder#changelogCap cap}. Entries not yet pushed are never deleted.
     * {@link #sync()} does this after every successful cycle.
     *
     * @return the number of entries deleted
     * @throws IllegalStateException if the engine is closed
     * @throws LocalStoreException if the database cannot be written
     */
    int cleanup();

    /**
     * Starts the background worker: it notices local writes (raising {@link SyncEvent.RowsChanged} events with
     * source {@link SyncEvent.Source#LOCAL LOCAL}) and, if the engine is configured, syncs when due (see the class
     * description). The first sync happens at once if none ever succeeded or the last success is older than the
     * sync interval, and shortly if changes wait to be pushed. A configured engine also opens its realtime socket
     * (see the class description); it returns without waiting for it. Idempotent. {@link #close()} and
     * {@link #disconnect()} stop the worker and the socket.
     *
     * @throws IllegalStateException if the engine is closed
     * @throws LocalStoreException if the worker's connection to the database cannot be opened
     */
    void start();

    /**
     * Asks the background worker to sync as soon as possible, whatever the interval, the retry schedule, the
     * {@code auto_sync_enabled} setting or an earlier refusal of the credentials. Requests coalesce: all requests
     * made before a sync starts are served by that one sync, and all requests made while a sync runs by one more
     * sync after it (so changes written just before the call are always included). Does not block.
     *
     * @return a future completed with the report of the sync that served the request, or exceptionally with its
     *         {@link SyncKitException}, or with a {@link java.util.concurrent.CancellationException} if the
     *         worker stopped ({@link #close()}, {@link #disconnect()}) before the sync ran; cancelling the future
     *         does not cancel the sync
     * @throws IllegalStateException if the engine is closed, not configured, or {@link #start() not started}
     *                               (call {@link #sync()} to sync on the calling thread instead)
     */
    CompletableFuture<SyncReport> syncNow();

    /**
     * Disconnects this database from sync, as the "Disconnect" button of a settings panel: stops the background
     * worker (waiting for a running sync to finish) and forgets the session state kept in {@code sync_state} (the
     * device id, the retry schedule, the refusal of the credentials). Local data stays, and so do changes that
     * were not pushed yet, the pull cursor and the space the database is bound to, so that connecting the same
     * account again later continues where sync stopped (as a newly registered device). Afterwards the engine is
     * unconfigured: {@link #status()} reports {@code configured} and {@code authenticated} as {@code false}, and
     * the methods that sync throw {@link IllegalStateException}. To connect again, build a new engine with a
     * {@link SyncKitClient}. The engine does not hold credentials itself: clearing the API key or token is up to
     * the app. Idempotent.
     *
     * @throws IllegalStateException if the engine is closed
     * @throws LocalStoreException if the database cannot be written
     */
    void disconnect();

    /**
     * Subscribes to the engine's events with a queue of 1,024 events.
     *
     * @return the subscription; close it when done
     * @throws IllegalStateException if the engine is closed
     * @see #subscribe(int)
     */
    EventSubscription subscribe();

    /**
     * Subscribes to the engine's events. The subscription receives every event raised from now on, in order,
     * until it or the engine is closed. When its queue is full, the queue is emptied and replaced by one
     * {@link SyncEvent.EventsOverflowed}; the engine never waits for a subscriber.
     *
     * @param capacity the most events the queue holds, 1 to 1,000,000
     * @return the subscription; close it when done
     * @throws IllegalArgumentException if {@code capacity} is out of range
     * @throws IllegalStateException if the engine is closed
     */
    EventSubscription subscribe(int capacity);

    /**
     * Sets up end-to-end encryption for the account, on its first device (seeds/000, "First Device", step 7):
     * generates a random 256-bit master key, wraps it under the password (Argon2id) and under a new recovery key,
     * uploads the wrapped key to the server as the account's first key blob (a compare-and-set on version 0), keeps
     * the master key in the {@link Builder#secretStore secret store}, and returns the recovery key. From then on
     * every sync of this database seals each op before push and opens it after pull (docs/ENCRYPTION.md); the
     * server sees neither values nor table, column or row names.
     *
     * <p>Encryption is set up before the first data is synced: the space's log on the server must be empty (v1
     * does not re-encrypt data synced in the clear). Changes captured locally and not pushed yet are fine; they are
     * pushed encrypted.
     *
     * @apiNote Show the returned recovery key to the user once, to write down; it is the only way back in if the
     *          password is forgotten ({@link #resetPassword}). The SDK does not keep or log it. Argon2id takes about
     *          half a second and 64 MiB: call from a background thread.
     *
     * @param password the encryption password, not empty; not kept or modified (the caller may wipe it after)
     * @return the recovery key, 32 characters in eight groups of four, such as
     *         {@code 40GJ-48S4-4MK2-EA19-58NJ-RB9E-5W89-8VMW}
     * @throws IllegalArgumentException if the password is empty
     * @throws IllegalStateException if the engine has no client or is closed, the account already has a key blob
     *                               (use {@link #setupEncryptionExisting}), or the space already holds data
     * @throws ConflictException with code {@code version_conflict} if another device set up encryption at the same
     *                           time; nothing was kept
     * @throws CryptoException with reason {@link CryptoException.Reason#SECRET_STORE} if the key cannot be kept
     * @throws SyncKitException if the server or the network fails; then nothing changed
     */
    String setupEncryptionNew(char[] password);

    /**
     * Unlocks end-to-end encryption on another device of the account (seeds/000, "Additional Device", step 3):
     * fetches the account's key blob, unwraps the master key with the password and keeps it in the
     * {@link Builder#secretStore secret store}, so that later runs unlock with {@link #tryLoadKeyFromKeychain()}.
     *
     * @apiNote Argon2id takes about half a second: call from a background thread.
     *
     * @param password the encryption password; not kept or modified
     * @throws IllegalArgumentException if the password is empty
     * @throws IllegalStateException if the engine has no client or is closed, or the account has no key blob
     *                               (use {@link #setupEncryptionNew})
     * @throws CryptoException with reason {@link CryptoException.Reason#WRONG_PASSWORD} if the password does not
     *                         unlock the key ({@link CryptoException.Reason#INVALID_KEY_BLOB} or
     *                         {@link CryptoException.Reason#UNSUPPORTED_FORMAT} for a damaged or newer blob,
     *                         {@link CryptoException.Reason#SECRET_STORE} if the key cannot be kept); nothing
     *                         changed
     * @throws SyncKitException if the server or the network fails
     */
    void setupEncryptionExisting(char[] password);

    /**
     * Asks the server whether the account has a key blob, that is whether end-to-end encryption is set up: an app
     * calls it after sign-in to choose between {@link #setupEncryptionNew} and {@link #setupEncryptionExisting}.
     *
     * @return whether the account has a key blob; {@code false} also for a {@link SyncKitClient} that cannot store
     *         key blobs
     * @throws IllegalStateException if the engine has no client or is closed
     * @throws SyncKitException if the server or the network fails
     */
    boolean hasServerKey();

    /**
     * Tells whether this engine holds the account's master key (it was set up, unlocked or loaded from the secret
     * store). Does not contact the server.
     *
     * @return whether the key is loaded
     * @throws IllegalStateException if the engine is closed
     */
    boolean hasMasterKey();

    /**
     * Loads the master key kept in the {@link Builder#secretStore secret store} by an earlier run (seeds/000, "Same
     * Device, Later Run"), without asking for the password. Does not contact the server; the first sync afterwards
     * checks once that the key is still the account's (against the key blob's key check) and otherwise fails with
     * {@link CryptoException.Reason#NO_MASTER_KEY}.
     *
     * @return whether a key was found and loaded; {@code false} before the database knows its space (its first
     *         sync or encryption setup)
     * @throws IllegalStateException if the engine is closed
     * @throws CryptoException with reason {@link CryptoException.Reason#SECRET_STORE} if the store cannot be read,
     *                         or {@link CryptoException.Reason#TAMPERED} if what it holds is not a key
     */
    boolean tryLoadKeyFromKeychain();

    /**
     * Changes the encryption password: re-wraps the same master key under the new password and uploads the blob in
     * place of the version it read (compare-and-set). No data is re-encrypted and no device loses its key; other
     * devices unlock with the new password from now on. The recovery key keeps working.
     *
     * @apiNote Argon2id runs twice (about a second): call from a background thread.
     *
     * @param oldPassword the current password; not kept or modified
     * @param newPassword the new password, not empty; not kept or modified
     * @throws IllegalArgumentException if a password is empty
     * @throws IllegalStateException if the engine has no client or is closed, or the account has no key blob
     * @throws CryptoException with reason {@link CryptoException.Reason#WRONG_PASSWORD} if the old password is
     *                         wrong; nothing changed
     * @throws ConflictException with code {@code version_conflict} if another device changed the blob since it was
     *                           read (for example a concurrent password change); nothing changed, and the other
     *                           device's password is the valid one
     * @throws SyncKitException if the server or the network fails
     */
    void changePassword(char[] oldPassword, char[] newPassword);

    /**
     * Replaces a forgotten encryption password with the recovery key that {@link #setupEncryptionNew} returned, and
     * unlocks this device: unwraps the master key with the recovery key, uploads a blob wrapped under the new
     * password (compare-and-set) and keeps the key in the {@link Builder#secretStore secret store}. The recovery
     * key keeps working.
     *
     * @param recoveryKey the recovery key as the user typed it (case, spaces and dashes do not matter); not kept
     * @param newPassword the new password, not empty; not kept or modified
     * @throws IllegalArgumentException if the new password is empty
     * @throws IllegalStateException if the engine has no client or is closed, or the account has no key blob
     * @throws CryptoException with reason {@link CryptoException.Reason#INVALID_RECOVERY_KEY} if it is mistyped,
     *                         {@link CryptoException.Reason#WRONG_RECOVERY_KEY} if it does not unlock the key;
     *                         nothing changed
     * @throws ConflictException with code {@code version_conflict} if another device changed the blob meanwhile;
     *                           nothing changed
     * @throws SyncKitException if the server or the network fails
     */
    void resetPassword(String recoveryKey, char[] newPassword);

    /**
     * Stops the background worker and closes the engine's database connections, waiting up to 30 seconds for a
     * running sync to finish; closes every event subscription (queued events stay readable) and cancels pending
     * {@link #syncNow()} requests. The triggers stay installed. Idempotent. Does not close the
     * {@link SyncKitClient}.
     */
    @Override
    void close();

    /**
     * Configures and builds a {@link SyncEngine}. Setters validate their argument at once. Not safe for
     * concurrent use.
     *
     * @since 0.1
     */
    final class Builder {

        private @Nullable Path database;
        private @Nullable SyncSchema schema;
        private @Nullable SyncKitClient client;
        private Clock clock = Clock.systemUTC();
        private @Nullable UUID spaceId;
        private int pushBatchSize = 500;
        private int pullPageSize = 1000;
        private Duration changelogRetention = Duration.ofDays(7);
        private int changelogCap = 10_000;
        private @Nullable String hostname;
        private String platform = defaultPlatform();
        private Duration busyTimeout = Duration.ofSeconds(5);
        private Duration changePollInterval = Duration.ofMillis(250);
        private Duration syncDebounce = Duration.ofMillis(500);
        private @Nullable SecretStore secretStore;

        private Builder() {
        }

        /**
         * Sets the app's SQLite file; required. The file is created if it does not exist (but the declared
         * tables must exist when the engine is built).
         *
         * @param sqliteFile the file
         * @return this builder
         */
        public Builder database(Path sqliteFile) {
            this.database = Objects.requireNonNull(sqliteFile, "sqliteFile");
            return this;
        }

        /**
         * Sets the declaration of what syncs; required.
         *
         * @param schema the declaration
         * @return this builder
         */
        public Builder schema(SyncSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * Sets the server connection. Without one the engine installs and captures but cannot sync.
         *
         * @param client the client; the engine does not close it
         * @return this builder
         */
        public Builder client(SyncKitClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the wall clock used for snapshot timestamps, bookkeeping times and cleanup; the default is the
         * system clock in UTC. Capture timestamps come from SQLite's clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the space to sync with; the default is the account's default space, asked once and then kept in
         * the database. A database stays bound to the space of its first sync.
         *
         * @param spaceId the space
         * @return this builder
         */
        public Builder spaceId(UUID spaceId) {
            this.spaceId = Objects.requireNonNull(spaceId, "spaceId");
            return this;
        }

        /**
         * Sets how many ops one push request carries; the default is 500.
         *
         * @implNote When more ops wait than one batch of this size (the initial snapshot, a long time offline), a
         * push sends bulk batches of up to 5000 ops (and at most 4 MiB), the server's default limit, from its first
         * request on; a server that refuses such a batch as too large gets batches of this size from then on.
         *
         * @param size 1 to 5000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder pushBatchSize(int size) {
            this.pushBatchSize = requireRange("pushBatchSize", size, 1, 5000);
            return this;
        }

        /**
         * Sets how many ops one pull request asks for; the default is 1000. Each page is applied in one
         * transaction.
         *
         * @implNote While the server reports more ops, the following requests ask for up to 5000 (the server's
         * default limit), and the next page is requested while one is applied; a server that refuses the larger
         * limit is asked with this size from then on.
         *
         * @param size 1 to 5000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder pullPageSize(int size) {
            this.pullPageSize = requireRange("pullPageSize", size, 1, 5000);
            return this;
        }

        /**
         * Sets how long pushed changelog entries are kept; the default is 7 days.
         *
         * @param retention zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder changelogRetention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.isNegative()) {
                throw new IllegalArgumentException("changelogRetention must not be negative: " + retention);
            }
            this.changelogRetention = retention;
            return this;
        }

        /**
         * Sets the most pushed changelog entries kept; the default is 10,000. Unpushed entries are not counted
         * and never deleted.
         *
         * @param cap zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder changelogCap(int cap) {
            this.changelogCap = requireRange("changelogCap", cap, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the hostname the device registers with; the default is the machine's name.
         *
         * @param hostname 1 to 200 characters, no control characters
         * @return this builder
         * @throws IllegalArgumentException if the label breaks the rule
         */
        public Builder hostname(String hostname) {
            this.hostname = Identifiers.requireText("hostname", hostname, Identifiers.MAX_LABEL_LENGTH);
            return this;
        }

        /**
         * Sets the platform the device registers with; the default is the operating system's name.
         *
         * @param platform 1 to 200 characters, no control characters
         * @return this builder
         * @throws IllegalArgumentException if the label breaks the rule
         */
        public Builder platform(String platform) {
            this.platform = Identifiers.requireText("platform", platform, Identifiers.MAX_LABEL_LENGTH);
            return this;
        }

        /**
         * Sets how long the engine's statements wait while an app connection holds the write lock; the default
         * is 5 seconds. Apps should give their own connections a busy timeout too.
         *
         * @param timeout zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder busyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("busyTimeout must not be negative: " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * Sets how often the background worker checks the database for commits by other connections (the app's
         * writes); the default is 250 milliseconds. Each check is one cheap {@code PRAGMA data_version} query.
         * Where the file can be watched (see the class comment) this is only the fallback for a missed change;
         * where it cannot, the worker checks every 10 ms while the realtime socket is up, if this is longer.
         *
         * @param interval 10 milliseconds to 1 minute
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder changePollInterval(Duration interval) {
            this.changePollInterval = requireRange("changePollInterval", interval, Duration.ofMillis(10),
                    Duration.ofMinutes(1));
            return this;
        }

        /**
         * Sets how long the background worker waits after noticing a local write before it syncs; the default is
         * 500 milliseconds. Every further write within that time restarts the wait (up to ten times the debounce in
         * all), so a burst of writes is pushed by one sync. While the realtime socket is up there is no debounce: a
         * noticed write is pushed at once, and the writes noticed meanwhile by one follow-up sync.
         *
         * @param debounce zero to 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder syncDebounce(Duration debounce) {
            this.syncDebounce = requireRange("syncDebounce", debounce, Duration.ZERO, Duration.ofMinutes(10));
            return this;
        }

        /**
         * Sets where the encryption master key is kept across runs; the default is
         * {@link SecretStore#systemDefault(String) SecretStore.systemDefault("synckit")} (the OS keychain, or a file
         * fallback), created only when encryption is first used. The key is stored under a name per space
         * ({@code synckit-master-key-<space id>}).
         *
         * @param store the store
         * @return this builder
         */
        public Builder secretStore(SecretStore store) {
            this.secretStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Opens the database and installs SyncKit into it (idempotent). Makes no network request and starts no
         * thread; see {@link SyncEngine#start()}.
         *
         * @return the engine; close it when done
         * @throws IllegalStateException if the database or the schema is missing, the database was set up by a
         *                               newer SyncKit, or it is bound to another space than {@link #spaceId}
         * @throws IllegalArgumentException if the declared tables or columns do not match the database
         * @throws LocalStoreException if the database cannot be opened or written
         */
        public SyncEngine build() {
            if (database == null) {
                throw new IllegalStateException("database is required");
            }
            if (schema == null) {
                throw new IllegalStateException("schema is required");
            }
            return DefaultSyncEngine.open(new EngineConfig(database, schema, client, clock, spaceId, pushBatchSize,
                    pullPageSize, changelogRetention, changelogCap, hostname, platform, busyTimeout, changePollInterval,
                    syncDebounce, secretStore));
        }

        private static int requireRange(String what, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be within " + min + ".." + max + ": " + value);
            }
            return value;
        }

        private static Duration requireRange(String what, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, what);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + " must be within " + min + ".." + max + ": " + value);
            }
            return value;
        }

        private static String defaultPlatform() {
            var os = System.getProperty("os.name", "unknown").strip();
            return os.isEmpty() ? "unknown" : os.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
