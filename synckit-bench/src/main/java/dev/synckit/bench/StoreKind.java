package dev.synckit.bench;

import java.util.Locale;

/**
 * The server store a workload runs on: the embedded SQLite store (a fresh directory per run) or PostgreSQL (a fresh
 * database per run, created and dropped by the harness).
 */
public enum StoreKind {
    /** The embedded SQLite store, the default. */
    SQLITE,
    /** A PostgreSQL database on the server named by {@link BenchSettings.Builder#postgresUrl(String)}. */
    POSTGRES;

    /**
     * Returns the name used on the command line and in the JSON lines.
     *
     * @return {@code sqlite} or {@code postgres}
     */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a command-line name.
     *
     * @param name {@code sqlite} or {@code postgres} (any case)
     * @return the store kind
     * @throws IllegalArgumentException for any other name
     */
    public static StoreKind parse(String name) {
        for (var kind : values()) {
            if (kind.wire().equalsIgnoreCase(name.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("store must be sqlite or postgres: " + name);
    }
}
