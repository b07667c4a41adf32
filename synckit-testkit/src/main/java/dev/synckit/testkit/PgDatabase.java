package dev.synckit.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.postgresql.Driver;

/**
 * A fresh, uniquely named database on a real PostgreSQL server, dropped again on {@link #close()}. Tests that need
 * PostgreSQL create one per test class:
 *
 * {@snippet :
 * static PgDatabase db = PgDatabase.create();   // fails (never skips) if PostgreSQL is not reachable
 * // ... ServerConfig.builder().databaseUrl(db.jdbcUrl()) ...
 * db.close();                                    // drops it, disconnecting whoever is still connected
 * }
 *
 * <p>The server comes from the environment variable {@value #URL_ENV}, a JDBC URL of a database the test user may
 * connect to with the right to create databases; the default, {@value #DEFAULT_URL}, is a local PostgreSQL with
 * trust authentication. Safe for concurrent use.
 */
public final class PgDatabase implements AutoCloseable {

    /** The environment variable with the JDBC URL of the test server's maintenance database. */
    public static final String URL_ENV = "SYNCKIT_TEST_PG_URL";
    /** The maintenance database used when {@value #URL_ENV} is not set. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private static final Pattern JDBC = Pattern.compile("(jdbc:postgresql://[^/?]*)/?([^?]*)(\\?.*)?");

    private final String adminUrl;
    private final String name;
    private final String host;
    private final int port;
    private final String query;
    private final AtomicBoolean dropped = new AtomicBoolean();

    private PgDatabase(String adminUrl, String name, String host, int port, String query) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.host = host;
        this.port = port;
        this.query = query;
    }

    /**
     * Creates a database named {@code synckit_test_<random>} on the server of {@value #URL_ENV}.
     *
     * @return the new, empty database
     * @throws IllegalStateException if PostgreSQL cannot be reached or refuses to create the database
     */
    public static PgDatabase create() {
        String adminUrl = Objects.requireNonNullElse(System.getenv(URL_ENV), DEFAULT_URL);
        var m = JDBC.matcher(adminUrl);
        Properties props = m.matches() ? Driver.parseURL(adminUrl, new Properties()) : null;
        if (props == null) {
            throw new IllegalStateException(URL_ENV + " must be a JDBC URL like " + DEFAULT_URL);
        }
        String name = "synckit_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String host = props.getProperty("PGHOST").split(",")[0];
        int port = Integer.parseInt(props.getProperty("PGPORT").split(",")[0]);
        var db = new PgDatabase(adminUrl, name, host, port, m.group(3) == null ? "" : m.group(3));
        try (var c = DriverManager.getConnection(adminUrl); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is not usable at " + host + ":" + port + " ("
                    + e.getMessage() + "). Start it (pg_ctlcluster --skip-systemctl-redirect <version> main start) "
                    + "or point " + URL_ENV + " at one; PostgreSQL tests fail rather than skip without it", e);
        }
        return db;
    }

    /** Returns the database's name. */
    public String name() {
        return name;
    }

    /** Returns the server's host, for example {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /** Returns the server's port. */
    public int port() {
        return port;
    }

    /** Returns the JDBC URL of this database, with the credentials of {@value #URL_ENV}. */
    public String jdbcUrl() {
        return jdbcUrlVia(host, port);
    }

    /**
     * Returns the JDBC URL of this database reached through another address, for example a {@link TcpProxy}.
     *
     * @param viaHost the host to connect to
     * @param viaPort the port to connect to
     * @return the URL, with the credentials of {@value #URL_ENV}
     */
    public String jdbcUrlVia(String viaHost, int viaPort) {
        return "jdbc:postgresql://" + viaHost + ":" + viaPort + "/" + name + query;
    }

    /**
     * Opens a plain connection to this database, for assertions on what a store wrote.
     *
     * @return the connection; the caller closes it
     * @throws SQLException if PostgreSQL refuses it
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /**
     * Empties every table of the {@code public} schema except Flyway's history, so the next store opened on this
     * database starts without data and without migrating again.
     *
     * @throws IllegalStateException if PostgreSQL fails
     */
    public void truncateAll() {
        try (var c = connect(); var st = c.createStatement()) {
            var tables = new ArrayList<String>();
            try (var rs = st.executeQuery("SELECT quote_ident(tablename) FROM pg_tables "
                    + "WHERE schemaname = 'public' AND tablename NOT LIKE 'flyway%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                st.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops the database, disconnecting remaining sessions. Idempotent. */
    @Override
    public void close() {
        if (!dropped.compareAndSet(false, true)) {
            return;
        }
        try (var c = DriverManager.getConnection(adminUrl); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PgDatabase[" + host + ":" + port + "/" + name + "]";
    }
}
