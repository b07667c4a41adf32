package dev.synckit.server.internal.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.synckit.server.internal.store.StoreException;

/**
 * Creates the connection pool and migrates the schema.
 *
 * <p>Pool settings, chosen so that an unreachable database is reported within seconds instead of hanging requests:
 * a connection is waited for at most {@value #CONNECTION_TIMEOUT_MILLIS} ms, a TCP connect at most
 * {@value #CONNECT_TIMEOUT_SECONDS} s, a silent socket at most {@value #SOCKET_TIMEOUT_SECONDS} s, and a row lock
 * at most {@value #LOCK_TIMEOUT} (a push waiting on a space whose holder vanished). The pool starts without a
 * connection and reconnects by itself when the database comes back. Batched inserts are rewritten into multi-row
 * inserts ({@code reWriteBatchedInserts}). Server error details (which may quote values) stay out of exception
 * messages.
 *
 * <p>Migrations ({@code classpath:db/migration/postgres}) run on a separate, unpooled connection without a socket
 * timeout, so a long future migration is not cut off. Flyway takes a PostgreSQL advisory lock, so several nodes
 * starting at once migrate one after another.
 */
final class PgSetup {

    /** The version of the newest migration under {@code db/migration/postgres}; a test checks they agree. */
    static final String SCHEMA_VERSION = "3";
    static final long CONNECTION_TIMEOUT_MILLIS = 3_000;
    static final int CONNECT_TIMEOUT_SECONDS = 3;
    static final int SOCKET_TIMEOUT_SECONDS = 30;
    static final String LOCK_TIMEOUT = "10s";

    private static final Logger log = LoggerFactory.getLogger(PgSetup.class);
    private static final String MIGRATIONS = "classpath:db/migration/postgres";
    private static final String APPLICATION_NAME = "synckit-server";
    /** The {@code application_name} of the listener's connection, so operators can tell it in pg_stat_activity. */
    static final String LISTENER_APPLICATION_NAME = "synckit-server-listener";

    private PgSetup() {
    }

    /** Creates the pool; it connects lazily, so this succeeds even while the database is down. */
    static HikariDataSource pool(PostgresUrl url, int size) {
        var config = new HikariConfig();
        config.setPoolName("synckit-pg");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS + 2));
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        return new HikariDataSource(config);
    }

    /**
     * Brings the schema to the newest version, skipping Flyway when it is there already.
     *
     * @throws StoreException if the database cannot be reached or migrated
     */
    static void migrate(PostgresUrl url, HikariDataSource pool) {
        try {
            if (SCHEMA_VERSION.equals(appliedVersion(pool))) {
                return;
            }
            var result = Flyway.configure(PgSetup.class.getClassLoader())
                    .dataSource(migrationDataSource(url))
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Migrated PostgreSQL store {} to schema version {}", url, result.targetSchemaVersion);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + url + ": " + message(e), e, false);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the PostgreSQL store " + url + ": " + message(e), e, false);
        }
    }

    /** Returns the newest successfully applied migration, or null for a database Flyway has not touched yet. */
    private static @Nullable String appliedVersion(HikariDataSource pool) throws SQLException {
        try (var c = pool.getConnection(); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return null;
                }
            }
            try (var rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success "
                    + "AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Opens a connection outside the pool, for a thread that keeps it for long ({@link PgListener}): connect timeout
     * as the pool's, TCP keep-alive on, no socket timeout (the owner bounds its own waits).
     */
    static Connection dedicatedConnection(PostgresUrl url) throws SQLException {
        var ds = migrationDataSource(url);
        ds.setTcpKeepAlive(true);
        ds.setApplicationName(LISTENER_APPLICATION_NAME);
        return ds.getConnection();
    }

    private static PGSimpleDataSource migrationDataSource(PostgresUrl url) {
        var ds = new PGSimpleDataSource();
        ds.setURL(url.jdbcUrl());
        if (url.user() != null) {
            ds.setUser(url.user());
        }
        if (url.password() != null) {
            ds.setPassword(url.password());
        }
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLogServerErrorDetail(false);
        ds.setApplicationName(APPLICATION_NAME);
        return ds;
    }

    /** The first line of a failure's message, with the root cause (Flyway wraps the driver's exception). */
    private static String message(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = String.valueOf(e.getMessage());
        String first = text.lines().findFirst().orElse(text);
        if (root != e && root.getMessage() != null) {
            first = first + " (" + root.getMessage().lines().findFirst().orElse("") + ")";
        }
        return first;
    }
}
