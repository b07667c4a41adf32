package dev.synckit.server.internal.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import dev.synckit.server.internal.store.SpaceAccess;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.StoreException;
import tools.jackson.databind.JsonNode;

/**
 * The embedded store: one SQLite file in WAL mode, one writer thread, a few reader threads.
 *
 * <p><b>Sequence visibility (DESIGN §3).</b> An op with a lower seq must never become visible after a reader has
 * seen a higher one. Here that holds because seq assignment and commit are serialized: every write runs on the one
 * {@code synckit-sqlite-writer} thread, inside {@code BEGIN IMMEDIATE} (which also excludes writers in other
 * processes, such as the admin CLI), and reads the space's {@code head_seq} only after taking that lock. So the
 * transaction that appends seqs {@code n+1..m} commits after every transaction that appended seqs {@code <= n},
 * and a WAL reader, whose snapshot is a prefix of the commit order, sees either all of them or none.
 *
 * <p>Safe for concurrent use; {@link #close()} is idempotent.
 */
public final class SqliteStore implements Store {

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    private static final int READERS = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);

    private final Path file;
    private final SqliteExecutor writer;
    private final SqliteExecutor readers;
    private final CompletableFuture<Void> ready;
    private final PushGroups pushGroups = new PushGroups();

    private SqliteStore(Path file, SqliteSetup setup, CompletableFuture<Void> ready) {
        this.file = file;
        this.ready = ready;
        this.writer = new SqliteExecutor("synckit-sqlite-writer", 1, setup::openWriter);
        this.readers = new SqliteExecutor("synckit-sqlite-reader", READERS, setup::openReader);
    }

    /**
     * Opens (creating and migrating if needed) the store in a file, and waits until it is ready.
     *
     * @param file the database file; its directory is created if missing
     * @return the open store
     * @throws dev.synckit.server.internal.store.StoreException if it cannot be opened or migrated
     */
    public static SqliteStore open(Path file) {
        var store = openAsync(file);
        try {
            store.awaitReady();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Starts opening the store in a file and returns at once: the migration runs on its own thread while the
     * caller does other start-up work. Every operation waits until the migration is done (or fails with its
     * error), so the store can be handed to request handlers right away.
     *
     * @param file the database file; its directory is created if missing
     * @return the store, possibly still migrating
     */
    public static SqliteStore openAsync(Path file) {
        Objects.requireNonNull(file, "file");
        var setup = new SqliteSetup(file);
        var ready = new CompletableFuture<Void>();
        var migration = new Thread(() -> {
            try {
                setup.migrate();
                ready.complete(null);
            } catch (Throwable e) {
                ready.completeExceptionally(e);
            }
        }, "synckit-sqlite-migrate");
        migration.setDaemon(true);
        migration.start();
        return new SqliteStore(file, setup, ready);
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

    /** Returns the database file. */
    public Path file() {
        return file;
    }

    @Override
    public void ping() {
        read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM spaces)")) {
                return rs.next();
            }
        });
    }

    @Override
    public UUID createUser(String name, Instant now) {
        return write(c -> SqliteAccounts.createUser(c, name, now));
    }

    @Override
    public void createApiKey(String keyId, String userName, byte[] secretHash, Instant now) {
        write(c -> {
            SqliteAccounts.createApiKey(c, keyId, userName, secretHash, now);
            return null;
        });
    }

    @Override
    public List<ApiKeyRecord> apiKeys(@Nullable String userName) {
        return read(c -> SqliteAccounts.apiKeys(c, userName));
    }

    @Override
    public boolean revokeApiKey(String keyId, Instant now) {
        return write(c -> SqliteAccounts.revokeApiKey(c, keyId, now));
    }

    @Override
    public Optional<Principal> authenticate(byte[] secretHash) {
        return read(c -> SqliteAccounts.authenticate(c, secretHash));
    }

    @Override
    public Device registerDevice(UUID userId, DeviceRegistration registration, Instant now) {
        return write(c -> SqliteAccounts.registerDevice(c, userId, registration, now));
    }

    @Override
    public List<Device> devices(UUID userId) {
        return read(c -> SqliteAccounts.devices(c, userId));
    }

    @Override
    public SpaceAccess access(UUID spaceId, UUID userId) {
        return read(c -> SqliteAccounts.access(c, spaceId, userId));
    }

    @Override
    public PushResponse push(UUID spaceId, UUID userId, UUID deviceId, List<EncodedOp> ops) {
        // Runs on the single writer inside BEGIN IMMEDIATE, grouped with the pushes waiting beside it (PushGroups):
        // see the class comment on sequence visibility.
        awaitReady();
        var pending = new PushGroups.Pending(spaceId, userId, deviceId, ops);
        pushGroups.enqueue(pending);
        try {
            writer.call(c -> {
                pushGroups.drain(c);
                return null;
            });
        } catch (StoreException e) {
            pushGroups.withdraw(pending);
            throw e;
        }
        return PushGroups.resultOf(pending);
    }

    @Override
    public LogPage pullLog(UUID spaceId, long after, int limit, long maxBytes) {
        return read(c -> SqliteOps.pull(c, spaceId, after, limit, maxBytes));
    }

    @Override
    public Map<String, Map<String, JsonNode>> materializedRows(UUID spaceId, String table) {
        return read(c -> SqliteOps.materializedRows(c, spaceId, table));
    }

    @Override
    public long head(UUID spaceId) {
        return read(c -> SqliteCursors.head(c, spaceId));
    }

    @Override
    public void saveDeviceCursors(Collection<DeviceCursor> cursors) {
        if (cursors.isEmpty()) {
            return;
        }
        write(c -> {
            SqliteCursors.save(c, cursors);
            return null;
        });
    }

    @Override
    public List<DeviceCursor> deviceCursors(UUID spaceId) {
        return read(c -> SqliteCursors.of(c, spaceId));
    }

    @Override
    public Optional<KeyBlob> keyBlob(UUID userId) {
        return read(c -> SqliteKeyBlobs.of(c, userId));
    }

    @Override
    public OptionalLong putKeyBlob(UUID userId, String blob, long expectedVersion, Instant now) {
        return write(c -> SqliteKeyBlobs.put(c, userId, blob, expectedVersion, now));
    }

    /** One server process per store file: every append goes through this process, so there is nothing to hear. */
    @Override
    public Listening listenForAppends(AppendListener listener) {
        return () -> { };
    }

    /**
     * Runs work in one write transaction on the writer thread: {@code BEGIN IMMEDIATE} takes SQLite's write lock
     * up front (waiting up to the busy timeout for another process), so nothing read inside can change before
     * {@code COMMIT}. Any exception rolls back.
     */
    private <T> T write(SqliteExecutor.SqlWork<T> work) {
        awaitReady();
        return writer.call(c -> {
            execute(c, "BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run(c);
                execute(c, "COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollback(c);
                }
            }
        });
    }

    private <T> T read(SqliteExecutor.SqlWork<T> work) {
        awaitReady();
        return readers.call(work);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static void rollback(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (for example after an I/O error); the original failure is
            // what the caller sees, so only note this one.
            log.debug("Rollback after a failed write transaction: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!ready.isDone()) {
            // Closing while the migration runs: let it finish (or fail) first, so the file is left consistent.
            ready.exceptionally(e -> null).join();
        }
        writer.close();
        readers.close();
    }
}
