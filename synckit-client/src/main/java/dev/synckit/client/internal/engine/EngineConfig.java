package dev.synckit.client.internal.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.SecretStore;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncSchema;

/**
 * The validated settings of one engine, as collected by {@code SyncEngine.Builder}.
 *
 * @param database the app's SQLite file
 * @param schema the synced tables
 * @param client the server connection, or null for an engine that only installs and captures
 * @param clock the wall clock for snapshot timestamps, bookkeeping times and cleanup
 * @param spaceId the space to sync with, or null for the account's default space
 * @param pushBatchSize ops per push request
 * @param pullPageSize ops per pull request
 * @param changelogRetention how long pushed changelog entries are kept
 * @param changelogCap the most pushed changelog entries kept
 * @param hostname the device's hostname for registration, or null to ask the operating system then
 * @param platform the device's platform for registration
 * @param busyTimeout how long the engine's statements wait for the app's write locks
 * @param changePollInterval how often the background worker checks for commits by other connections
 * @param syncDebounce how long the background worker waits after a local write before it syncs
 * @param secretStore where the encryption master key is kept, or null for the system default (created on first use)
 */
public record EngineConfig(
        Path database,
        SyncSchema schema,
        @Nullable SyncKitClient client,
        Clock clock,
        @Nullable UUID spaceId,
        int pushBatchSize,
        int pullPageSize,
        Duration changelogRetention,
        int changelogCap,
        @Nullable String hostname,
        String platform,
        Duration busyTimeout,
        Duration changePollInterval,
        Duration syncDebounce,
        @Nullable SecretStore secretStore) {

    /** Checks the required components. */
    public EngineConfig {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(changelogRetention, "changelogRetention");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(changePollInterval, "changePollInterval");
        Objects.requireNonNull(syncDebounce, "syncDebounce");
    }
}
