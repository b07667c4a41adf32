package dev.synckit.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W6 reconnect storm: {@code clients} realtime clients, each with its own SQLite file, user and space, connected to
 * one server; the server is restarted (same store, same port) while each client's space gains {@code backlog} rows
 * from another writer. Measures the time from the restarted server being ready until every client has reconnected
 * and holds all rows, the server's peak memory, and its memory while all clients were idle-connected (the memory
 * target of {@code BENCHMARKS.md} is for 1,000 clients: {@code --clients 1000}).
 *
 * @param clients realtime clients, 1 to 5,000 ({@code CLIENTS}, default 500)
 * @param backlog rows per client's space written while the server restarts, 1 to 100,000 ({@code BACKLOG}, default
 *                10)
 * @param clientsPerJvm clients hosted by one device host JVM, 1 to 5,000 (default 125: 4 JVMs for 500 clients)
 */
public record W6ReconnectStorm(int clients, int backlog, int clientsPerJvm) implements Workload {

    /** The default {@code CLIENTS}. */
    public static final int DEFAULT_CLIENTS = 500;
    /** The default {@code BACKLOG}. */
    public static final int DEFAULT_BACKLOG = 10;
    /** The default number of clients per device host JVM. */
    public static final int DEFAULT_CLIENTS_PER_JVM = 125;
    /** The number of idle-connected clients the memory target is stated for. */
    public static final int MEMORY_TARGET_CLIENTS = 1000;
    /** How long the run waits for every client after the restart. */
    public static final Duration COMPLETE_WITHIN = Duration.ofSeconds(120);

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public W6ReconnectStorm {
        Params.requireRange("clients", clients, 1, 5000);
        Params.requireRange("backlog", backlog, 1, 100_000);
        Params.requireRange("clients_per_jvm", clientsPerJvm, 1, 5000);
    }

    /**
     * Returns W6 with the parameters of {@code BENCHMARKS.md}.
     *
     * @return 500 clients, 10 rows each, 125 clients per JVM
     */
    public static W6ReconnectStorm defaults() {
        return new W6ReconnectStorm(DEFAULT_CLIENTS, DEFAULT_BACKLOG, DEFAULT_CLIENTS_PER_JVM);
    }

    /** Returns how many device host JVMs the clients need. */
    public int jvms() {
        return (clients + clientsPerJvm - 1) / clientsPerJvm;
    }

    @Override
    public String id() {
        return "w6";
    }

    @Override
    public String title() {
        return "reconnect storm";
    }

    @Override
    public Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("clients", clients);
        p.put("backlog", backlog);
        p.put("clients_per_jvm", clientsPerJvm);
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Duration defaultTimeLimit() {
        return COMPLETE_WITHIN.plusMinutes(10).plusSeconds(clients / 2);
    }
}
