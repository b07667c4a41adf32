package dev.synckit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * CPU time of another JVM's threads by kind, from Linux's {@code /proc/<pid>/task/<tid>/stat}: the JIT compilers
 * (threads named {@code C1 CompilerThre…} and {@code C2 CompilerThre…}), the garbage collector ({@code GC Thread#…},
 * {@code G1 …}), and all other threads, which do the program's own work. A fresh JVM spends a large and varying
 * share of a short run compiling (on 2 cores as much as 40 % of a W1 server's CPU), so the program's own CPU is the
 * steadier figure to compare two builds by.
 *
 * <p>A snapshot holds each live thread's user + system time; {@link #since} subtracts an earlier one per thread.
 * Threads that ended between the two readings are not counted (the JVM may stop compiler threads it no longer
 * needs), threads started meanwhile are counted from zero. Times come in clock ticks of 10 ms ({@code USER_HZ},
 * 100 on Linux), so each figure is accurate to a few hundredths of a second. Empty where {@code /proc} is not
 * available.
 *
 * @param ticks each thread's CPU time in clock ticks, by thread id
 * @param kinds each thread's kind, by thread id
 */
record ThreadCpu(Map<Long, Long> ticks, Map<Long, Kind> kinds) {

    /** What a thread does. */
    enum Kind { JIT, GC, PROGRAM }

    private static final double SECONDS_PER_TICK = 0.01;

    /** CPU seconds per kind between two snapshots. */
    record Split(double jit, double gc, double program) {
    }

    /** Reads every thread of a process, or empty if {@code /proc} does not have it. */
    static Optional<ThreadCpu> of(long pid) {
        var tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return Optional.empty();
        }
        var ticks = new HashMap<Long, Long>();
        var kinds = new HashMap<Long, Kind>();
        try (var dirs = Files.list(tasks)) {
            for (var dir : dirs.toList()) {
                var stat = read(dir.resolve("stat"));
                if (stat == null) {
                    continue; // the thread ended while the directory was listed
                }
                // "tid (name) state ppid …": the name may hold spaces and parentheses, so split at the last ')'
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                var fields = stat.substring(close + 2).split(" ");
                long tid = Long.parseLong(stat.substring(0, open).strip());
                // after the name: state is field 3, utime field 14, stime field 15 (man 5 proc)
                ticks.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                kinds.put(tid, kind(stat.substring(open + 1, close)));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended or the format is unknown: report "n/a"
        }
        return Optional.of(new ThreadCpu(ticks, kinds));
    }

    /** Classifies a thread by the name the JVM gave it (Linux truncates names to 15 characters). */
    static Kind kind(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return Kind.JIT;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return Kind.GC;
        }
        return Kind.PROGRAM;
    }

    /** The CPU each kind used from an earlier snapshot to this one. */
    Split since(ThreadCpu earlier) {
        long[] byKind = new long[Kind.values().length];
        ticks.forEach((tid, now) -> byKind[kinds.get(tid).ordinal()] += now - earlier.ticks.getOrDefault(tid, 0L));
        return new Split(byKind[Kind.JIT.ordinal()] * SECONDS_PER_TICK, byKind[Kind.GC.ordinal()] * SECONDS_PER_TICK,
                byKind[Kind.PROGRAM.ordinal()] * SECONDS_PER_TICK);
    }

    /** The split between two optional snapshots, or null if either is missing. */
    static @Nullable Split between(Optional<ThreadCpu> from, Optional<ThreadCpu> to) {
        return from.isPresent() && to.isPresent() ? to.get().since(from.get()) : null;
    }

    private static @Nullable String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
