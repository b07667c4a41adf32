package dev.synckit.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the server ships with: {@code bin/synckit server} puts them before {@code SYNCKIT_JAVA_OPTS} (its
 * {@value #SCRIPT_VARIABLE} line, checked against {@link #DEFAULTS} by a test), and the harness starts its server
 * with them, so that a benchmark measures the server as it runs in production. Options given after them override
 * them (the JVM takes the last {@code -Xmx}). Why each one: {@code docs/CONFIG.md}, "JVM and logging".
 */
final class ServerJvmOptions {

    /** The variable of {@code bin/synckit} that holds the same options, space-separated. */
    static final String SCRIPT_VARIABLE = "SYNCKIT_SERVER_JVM_DEFAULTS";

    /** The defaults, in order. */
    static final List<String> DEFAULTS = List.of("-Xms32m", "-Xmx512m", "-XX:G1PeriodicGCInterval=30000",
            "-XX:TrimNativeHeapInterval=5000");

    private ServerJvmOptions() {
    }

    /** Returns the defaults followed by {@code extra}, which take precedence. */
    static List<String> with(List<String> extra) {
        var all = new ArrayList<>(DEFAULTS);
        all.addAll(extra);
        return List.copyOf(all);
    }
}
