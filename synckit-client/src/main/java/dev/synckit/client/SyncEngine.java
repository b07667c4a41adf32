package dev.synckit.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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
 * <p><b>Unconfigured engines.</b> An engine built without a {@link Builder#client client} installs and captures
 * but cannot sync: {@link #sync()}, {@link #push()}, {@link #pull()} and {@link #registerDevice()} throw
 * {@link IllegalStateException}. An app can thus install before the user connects to sync.
 *
 * <p><b>Threading.</b> Safe for concurrent use. Only one sync, push, pull or cleanup runs at a time per database
 * file in this JVM; other callers wait. {@link #status()} never waits for a running sync. The methods that talk to
 * the server block; call them from a background thread. If the waiting thread is interrupted, the method throws
 * with the interrupt flag set again.
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
     * Closes the engine's database connections, waiting up to 30 seconds for a running sync to finish. The
     * triggers stay installed. Idempotent. Does not close the {@link SyncKitClient}.
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
         * Opens the database and installs SyncKit into it (idempotent). Makes no network request.
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
                    pullPageSize, changelogRetention, changelogCap, hostname, platform, busyTimeout));
        }

        private static int requireRange(String what, int value, int min, int max) {
            if (value < min || value > max) {
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
