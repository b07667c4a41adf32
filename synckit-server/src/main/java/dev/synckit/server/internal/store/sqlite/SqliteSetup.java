package dev.synckit.server.internal.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import dev.synckit.server.internal.store.StoreException;

/**
 * Opens connections to the store file with the settings every connection needs, and migrates the schema.
 *
 * <p>Settings: WAL (readers never block the writer, and the admin CLI can write while the server runs),
 * {@code synchronous=FULL} (a push the server acknowledged survives a power loss), {@code busy_timeout} (wait for
 * another process's write lock instead of failing), foreign keys on.
 */
final class SqliteSetup {

    /** How long a connection waits for another connection's (or process's) write lock. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SqliteSetup.class);
    /**
     * The version of the newest migration, under {@code db/migration/sqlite} or among {@link #JAVA_MIGRATIONS}; a test
     * checks they agree. A store already at this version opens without starting Flyway, which saves most of a second
     * of start-up.
     */
    static final String SCHEMA_VERSION = "5";

    private static final String MIGRATIONS = "classpath:db/migration/sqlite";
    /** The migrations written in Java, next to the SQL ones under {@link #MIGRATIONS}. */
    static final List<JavaMigration> JAVA_MIGRATIONS = List.of(new RowKeyMigration());
    /** FileChannel locks are per process; this orders migrations of several stores inside one JVM. */
    private static final ReentrantLock MIGRATION_LOCK = new ReentrantLock();

    private final Path file;
    private final SQLiteDataSource dataSource;

    SqliteSetup(Path file) {
        this.file = file;
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        this.dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Opens a connection for the writer thread. */
    Connection openWriter() throws SQLException {
        return dataSource.getConnection();
    }

    /** Opens a connection that refuses writes, for a reader thread. */
    Connection openReader() throws SQLException {
        var c = dataSource.getConnection();
        try (var st = c.createStatement()) {
            st.execute("PRAGMA query_only = ON");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Creates the directory and brings the schema to the newest version. Several processes may open the same file
     * at once (server and admin CLI): a lock file next to the store serializes their migrations.
     */
    @SuppressWarnings("try") // the FileLock is held for the try block and released by closing it
    void migrate() {
        MIGRATION_LOCK.lock();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (SCHEMA_VERSION.equals(appliedVersion())) {
                return;
            }
            var lockFile = file.resolveSibling(file.getFileName() + ".migration-lock");
            try (var channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 var ignored = channel.lock()) {
                var result = Flyway.configure(SqliteSetup.class.getClassLoader())
                        .dataSource(dataSource)
                        .locations(MIGRATIONS)
                        .javaMigrations(JAVA_MIGRATIONS.toArray(JavaMigration[]::new))
                        .failOnMissingLocations(true)
                        .load()
                        .migrate();
                if (result.migrationsExecuted > 0) {
                    log.info("Migrated store {} to schema version {}", file, result.targetSchemaVersion);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the store directory of " + file, e, false);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the store " + file + ": " + e.getMessage(), e, false);
        } finally {
            MIGRATION_LOCK.unlock();
        }
    }

    /**
     * Returns the newest successfully applied migration version, or null for a new (or not yet migrated) store.
     * Flyway itself still runs whenever this is not the newest version: to create, upgrade, or refuse a store that
     * a newer server has migrated.
     */
    @Nullable String appliedVersion() {
        if (!Files.exists(file)) {
            return null;
        }
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                    + "AND name = 'flyway_schema_history'")) {
                if (!rs.next()) {
                    return null;
                }
            }
            try (var rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 "
                    + "AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw failure("reading the schema version", e);
        }
    }

    /**
     * Translates a JDBC failure into a {@link StoreException}, marking lock contention as transient.
     *
     * @param what what was being done, for the message
     * @param e the failure
     * @return the exception to throw
     */
    static StoreException failure(String what, SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        boolean busy = primary == 5 || primary == 6; // SQLITE_BUSY, SQLITE_LOCKED
        return new StoreException(what + " failed: " + e.getMessage(), e, busy);
    }
}
