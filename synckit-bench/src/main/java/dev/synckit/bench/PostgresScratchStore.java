package dev.synckit.bench;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import dev.synckit.server.ServerConfig;

/**
 * A fresh PostgreSQL database named {@code synckit_bench_<random>}, created through the maintenance database of
 * the settings and dropped (disconnecting whoever is left) on {@link #close()}.
 */
final class PostgresScratchStore implements ScratchStore {

    private static final Pattern JDBC = Pattern.compile("(jdbc:postgresql://[^/?]*)/?([^?]*)(\\?.*)?");

    private final String adminUrl;
    private final String name;
    private final String url;
    private final AtomicBoolean dropped = new AtomicBoolean();

    private PostgresScratchStore(String adminUrl, String name, String url) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
    }

    static PostgresScratchStore create(String adminUrl) {
        var m = JDBC.matcher(adminUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("the PostgreSQL URL must look like " + BenchSettings.DEFAULT_POSTGRES_URL);
        }
        var name = "synckit_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        var url = m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3));
        try (var c = DriverManager.getConnection(adminUrl); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            // The driver's message names host and port, never the password.
            throw new IllegalStateException("cannot create a PostgreSQL database for the benchmark (" + e.getMessage()
                    + "); is PostgreSQL running? Set " + BenchSettings.POSTGRES_URL_ENV + " to reach another server", e);
        }
        return new PostgresScratchStore(adminUrl, name, url);
    }

    @Override
    public ServerConfig config() {
        return ServerConfig.builder().databaseUrl(url).build();
    }

    @Override
    public List<String> serverArgs() {
        return List.of();
    }

    @Override
    public Map<String, String> serverEnv() {
        return Map.of(BenchServerMain.DATABASE_URL_ENV, url);
    }

    @Override
    public long sizeBytes() {
        try (var c = DriverManager.getConnection(adminUrl);
             var ps = c.prepareStatement("SELECT pg_database_size(?)")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot measure the benchmark database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!dropped.compareAndSet(false, true)) {
            return;
        }
        try (var c = DriverManager.getConnection(adminUrl); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the benchmark database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL database " + name;
    }
}
