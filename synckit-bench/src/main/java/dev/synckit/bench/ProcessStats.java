package dev.synckit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Memory and CPU of another process. Peak resident memory comes from Linux's {@code /proc/<pid>/status}
 * ({@code VmHWM}, the kernel's own high-water mark, so one read at the end of a phase sees the peak of the whole
 * process life up to then); on other systems it is not available. CPU time comes from {@link ProcessHandle.Info}.
 */
final class ProcessStats {

    private ProcessStats() {
    }

    /** Returns the process's peak resident set size so far, or empty where {@code /proc} is not available. */
    static OptionalLong peakRssBytes(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** Returns the process's current resident set size, or empty where {@code /proc} is not available. */
    static OptionalLong rssBytes(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Returns the user + system CPU time the process has used, or empty if the system does not say. */
    static Optional<Duration> cpu(ProcessHandle process) {
        return process.info().totalCpuDuration();
    }

    private static OptionalLong statusField(long pid, String field) {
        var status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return OptionalLong.empty();
        }
        try {
            for (var line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    var kb = line.substring(field.length()).replace("kB", "").strip();
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // the process ended or the format is unknown: report "n/a"
        }
        return OptionalLong.empty();
    }
}
