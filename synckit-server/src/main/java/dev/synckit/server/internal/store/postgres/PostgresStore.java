package dev.synckit.server.internal.store.postgres;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import com.zaxxer.hikari.HikariDataSource;

import dev.synckit.protocol.Device;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.protocol.PushResponse;
import dev.synckit.server.internal.store.AppendListener;
import dev.synckit.server.internal.store.ApiKeyRecord;
import dev.synckit.server.internal.store.DeviceCursor;
import dev.synckit.server.internal.store.EncodedOp;
import dev.synckit.server.internal.store.LogPage;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.PushProcessor;
import dev.synckit.server.internal.store.SpaceAccess;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.StoreException;
import tools.jackson.databind.JsonNode;

/**
 * The PostgreSQL store: a HikariCP pool, Flyway migrations, plain JDBC on the caller's (virtual) thread. Several
 * server processes may share one database.
 *
 * <p><b>Sequence visibility (DESIGN §3).</b> An op with a lower seq must never become visible after a reader has
 * seen a higher one. A push runs in one {@code READ COMMITTED} transaction that first locks the space's row
 * ({@code SELECT head_seq … FOR UPDATE}) and only then reads the head, assigns seqs {@code head+1..} and writes.
 * A second push to the same space blocks on that lock until the first has committed (PostgreSQL makes a commit
 * visible before it releases the transaction's locks), then reads the new head. So seqs are assigned in commit
 * order, and a reader's snapshot (one statement) that holds seq {@code n} holds every seq below it. Pushes to
 * different spaces lock different rows and run in parallel. A global sequence or {@code max(seq)+1} without the
 * lock would not be enough: two transactions could commit out of seq order.
 *
 * <p><b>Availability.</b> The pool starts without connections and reconnects by itself; while the database does
 * not answer, every method fails within a few seconds with a {@linkplain StoreException#transientFailure()
 * transient} {@link StoreException}, which the HTTP layer answers with {@code 503 unavailable}. Opening the store
 * (the migration) does need the database and fails with a non-transient one.
 *
 * <p>Safe for concurrent use; {@link #close()} is idempotent.
 */
public final class PostgresStore implements Store {

    private final PostgresUrl url;
    private final HikariDataSource pool;
    private final PgExecutor db;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> ready;

    private PostgresStore(PostgresUrl url, HikariDataSource pool, CompletableFuture<Void> ready) {
        this.url = url;
        this.pool = pool;
        this.ready = ready;
        this.db = new PgExecutor(pool, closed);
    }

    /**
     * Opens the store (migrating the schema if needed) and waits until it is ready.
     *
     * @param url the database
     * @param poolSize the most connections the pool opens
     * @return the open store
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static PostgresStore open(PostgresUrl url, int poolSize) {
        var store = openAsync(url, poolSize);
        try {
            store.awaitReady();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Starts opening the store and returns at once; the migration runs on its own thread and every operation
     * waits for it (see {@link #awaitReady()}).
     *
     * @param url the database
     * @param poolSize the most connections the pool opens, at least 1
     * @return the store, possibly still migrating
     */
    public static PostgresStore openAsync(PostgresUrl url, int poolSize) {
        Objects.requireNonNull(url, "url");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
        }
        var pool = PgSetup.pool(url, poolSize);
        var ready = new CompletableFuture<Void>();
        var migration = new Thread(() -> {
            try {
                PgSetup.migrate(url, pool);
                ready.complete(null);
            } catch (Throwable e) {
                ready.completeExceptionally(e);
            }
        }, "synckit-pg-migrate");
        migration.setDaemon(true);
        migration.start();
        return new PostgresStore(url, pool, ready);
    }

    /** Returns the database, without the password. */
    public PostgresUrl url() {
        return url;
    }

    @Override
    public void awaitReady() {
        try {
            ready.join();
        } catch (CompletionException | CancellationException e) {
            var cause = e.getCause();
            if (cause instanceof StoreException se) {
                throw se;
            }
            var reason = cause == null ? e.toString() : cause.toString();
            throw new StoreException("the store could not be opened: " + reason, cause, false);
        }
    }

    @Override
    public void ping() {
        awaitReady();
        db.read("readiness check", c -> {
            // A bounded wait even when the network drops packets instead of refusing connections.
            c.setNetworkTimeout(Runnable::run, 2_000);
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM spaces)")) {
                return rs.next();
            }
        });
    }

    @Override
    public UUID createUser(String name, Instant now) {
        return write("creating a user", c -> PgAccounts.createUser(c, name, now));
    }

    @Override
    public void createApiKey(String keyId, String userName, byte[] secretHash, Instant now) {
        write("creating an API key", c -> {
            PgAccounts.createApiKey(c, keyId, userName, secretHash, now);
            return null;
        });
    }

    @Override
    public List<ApiKeyRecord> apiKeys(@Nullable String userName) {
        return read("listing API keys", c -> PgAccounts.apiKeys(c, userName));
    }

    @Override
    public boolean revokeApiKey(String keyId, Instant now) {
        return write("revoking an API key", c -> PgAccounts.revokeApiKey(c, keyId, now));
    }

    @Override
    public Optional<Principal> authenticate(byte[] secretHash) {
        return read("authentication", c -> PgAccounts.authenticate(c, secretHash));
    }

    @Override
    public Device registerDevice(UUID userId, DeviceRegistration registration, Instant now) {
        return write("registering a device", c -> PgAccounts.registerDevice(c, userId, registration, now));
    }

    @Override
    public List<Device> devices(UUID userId) {
        return read("listing devices", c -> PgAccounts.devices(c, userId));
    }

    @Override
    public SpaceAccess access(UUID spaceId, UUID userId) {
        return read("space access check", c -> PgAccounts.access(c, spaceId, userId));
    }

    @Override
    public PushResponse push(UUID spaceId, UUID userId, UUID deviceId, List<EncodedOp> ops) {
        return write("push", c -> {
            var tx = new PgPushTransaction(c, spaceId, userId, deviceId);
            // The space's row lock before anything else: see the class comment on sequence visibility.
            tx.lockSpace();
            var response = PushProcessor.process(tx, userId, deviceId, ops);
            tx.finish();
            return response;
        });
    }

    @Override
    public LogPage pullLog(UUID spaceId, long after, int limit, long maxBytes) {
        return read("pull", c -> PgOps.pull(c, spaceId, after, limit, maxBytes));
    }

    @Override
    public Map<String, Map<String, JsonNode>> materializedRows(UUID spaceId, String table) {
        return read("reading the materialized view", c -> PgOps.materializedRows(c, spaceId, table));
    }

    @Override
    public long head(UUID spaceId) {
        return read("reading a space's head", c -> PgCursors.head(c, spaceId));
    }

    @Override
    public void saveDeviceCursors(Collection<DeviceCursor> cursors) {
        if (cursors.isEmpty()) {
            return;
        }
        write("saving device cursors", c -> {
            PgCursors.save(c, cursors);
            return null;
        });
    }

    @Override
    public List<DeviceCursor> deviceCursors(UUID spaceId) {
        return read("reading device cursors", c -> PgCursors.of(c, spaceId));
    }

    /** Starts a {@link PgListener}: one extra connection and one platform thread, until closed. */
    @Override
    public Optional<KeyBlob> keyBlob(UUID userId) {
        return read("reading a key blob", c -> PgKeyBlobs.of(c, userId));
    }

    @Override
    public OptionalLong putKeyBlob(UUID userId, String blob, long expectedVersion, Instant now) {
        return write("storing a key blob", c -> PgKeyBlobs.put(c, userId, blob, expectedVersion, now));
    }

    @Override
    public Listening listenForAppends(AppendListener listener) {
        if (closed.get()) {
            throw new StoreException("the store is closed", null, true);
        }
        return PgListener.start(url, listener);
    }

    private <T> T read(String what, PgExecutor.SqlWork<T> work) {
        awaitReady();
        return db.read(what, work);
    }

    private <T> T write(String what, PgExecutor.SqlWork<T> work) {
        awaitReady();
        return db.write(what, work);
    }

    /** Closes the pool; statements in progress finish or fail. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!ready.isDone()) {
            // Closing while the migration runs: let it finish (or fail) first, it holds Flyway's lock.
            ready.exceptionally(e -> null).join();
        }
        pool.close();
    }
}
