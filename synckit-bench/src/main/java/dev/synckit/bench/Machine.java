package dev.synckit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a run measured: what a figure needs to be compared with another.
 *
 * @param cores the processors available to the JVM
 * @param jdk the Java runtime's vendor and version
 * @param os the operating system's name, version and architecture
 * @param cpu the processor model, or {@code unknown}
 * @param memoryBytes the machine's memory, or {@code 0} when unknown
 */
public record Machine(int cores, String jdk, String os, String cpu, long memoryBytes) {

    /**
     * Describes the machine this JVM runs on.
     *
     * @return the description
     */
    public static Machine current() {
        var jdk = System.getProperty("java.vendor", "?") + " " + System.getProperty("java.runtime.version", "?");
        var os = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                + System.getProperty("os.arch", "?");
        return new Machine(Runtime.getRuntime().availableProcessors(), jdk, os,
                procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                procField(Path.of("/proc/meminfo"), "MemTotal").map(Machine::kibibytes).orElse(0L));
    }

    /**
     * Returns the system's load average over the last minute, where the system says ({@code /proc/loadavg} or the
     * JVM's view of it).
     *
     * @return the load average, or empty if unknown
     */
    public static Optional<Double> loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Optional.empty() : Optional.of(Math.round(load * 100) / 100.0);
    }

    /** Returns a one-line summary for the table. */
    String summary() {
        return cores + " cores (" + cpu + "), " + (memoryBytes / (1024 * 1024 * 1024)) + " GiB, " + jdk + ", " + os;
    }

    private static Optional<String> procField(Path file, String name) {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(name)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // informational only: the figures stand without it
        }
    }

    private static long kibibytes(String value) {
        try {
            return Long.parseLong(value.replace("kB", "").strip()) * 1024;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
