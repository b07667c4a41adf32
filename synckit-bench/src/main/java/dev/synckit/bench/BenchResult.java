package dev.synckit.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * What one run of a workload measured: its figures, its correctness checks, the machine and the date. Immutable.
 *
 * <p>{@link #passed()} covers the checks only (counts, equality, visible edits); targets are reported beside each
 * figure and in {@link #targetsMet()}, since they depend on the machine.
 */
public final class BenchResult {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Workload workload;
    private final StoreKind store;
    private final Instant startedAt;
    private final Duration elapsed;
    private final Machine machine;
    private final List<Figure> figures;
    private final List<Check> checks;
    private final List<String> serverJvmOptions;
    private final Duration timeLimit;

    BenchResult(Workload workload, StoreKind store, Instant startedAt, Duration elapsed, Machine machine,
                List<Figure> figures, List<Check> checks, List<String> serverJvmOptions, Duration timeLimit) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.store = Objects.requireNonNull(store, "store");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.figures = List.copyOf(figures);
        this.checks = List.copyOf(checks);
        this.serverJvmOptions = List.copyOf(serverJvmOptions);
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    }

    /** Returns the workload and its parameters. */
    public Workload workload() {
        return workload;
    }

    /** Returns the store the server ran on. */
    public StoreKind store() {
        return store;
    }

    /** Returns when the run started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Returns how long the whole run took, setup and checks included. */
    public Duration elapsed() {
        return elapsed;
    }

    /** Returns the machine the run measured. */
    public Machine machine() {
        return machine;
    }

    /** Returns the figures, in the order they are printed. */
    public List<Figure> figures() {
        return figures;
    }

    /** Returns the checks, in the order they are printed. */
    public List<Check> checks() {
        return checks;
    }

    /**
     * Returns one figure by its key.
     *
     * @param key the JSON key, for example {@code push_s}
     * @return the figure, or empty if this workload has no such figure
     */
    public Optional<Figure> figure(String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /**
     * Returns whether every check passed.
     *
     * @return true if the run is correct
     */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /**
     * Returns whether every figure with a target meets it.
     *
     * @return true if no target was missed (a figure without a value counts as missed)
     */
    public boolean targetsMet() {
        return figures.stream().filter(f -> f.target() != null).allMatch(f -> Boolean.TRUE.equals(f.targetMet()));
    }

    /**
     * Formats the run as a human-readable table: parameters, figures with their targets, checks.
     *
     * @return the table, lines separated by {@code \n}, ending with a newline
     */
    public String table() {
        var sb = new StringBuilder();
        sb.append(workload.id().toUpperCase(Locale.ROOT)).append(' ').append(workload.title())
                .append("  (store ").append(store.wire()).append(", ").append(startedAt.truncatedTo(ChronoUnit.SECONDS))
                .append(")\n");
        sb.append("machine: ").append(machine.summary()).append('\n');
        sb.append("parameters:");
        workload.parameters().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        sb.append("\n\n");
        int width = Math.max(24, figures.stream().mapToInt(f -> f.label().length()).max().orElse(0) + 2);
        int valueWidth = Math.max(16, figures.stream().mapToInt(f -> f.display().length()).max().orElse(0) + 2);
        sb.append(pad("figure", width)).append(pad("value", valueWidth)).append("target\n");
        for (var f : figures) {
            sb.append(pad(f.label(), width)).append(pad(f.display(), valueWidth));
            if (f.target() != null) {
                sb.append(f.target()).append(Boolean.TRUE.equals(f.targetMet()) ? "  met" : "  MISSED");
            }
            sb.append('\n');
        }
        sb.append('\n');
        for (var c : checks) {
            sb.append(c.passed() ? "[ok]   " : "[FAIL] ").append(c.name()).append(": ").append(c.detail()).append('\n');
        }
        sb.append("\nresult: ").append(passed() ? "checks passed" : "CHECKS FAILED").append(", ")
                .append(figures.stream().noneMatch(f -> f.target() != null) ? "no targets for these parameters"
                        : targetsMet() ? "targets met" : "targets missed").append(String.format(Locale.ROOT,
                        " (run took %.1f s)%n", elapsed.toMillis() / 1000.0));
        return sb.toString();
    }

    /**
     * Formats the run as one JSON object on one line: workload, date, machine, store, every parameter, every figure
     * (null when not measurable here), targets, checks and the overall result.
     *
     * @return the line, without a line break
     */
    public String jsonLine() {
        var root = new LinkedHashMap<String, Object>();
        root.put("workload", workload.id());
        root.put("title", workload.title());
        root.put("date", startedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        var m = new LinkedHashMap<String, Object>();
        m.put("cores", machine.cores());
        m.put("jdk", machine.jdk());
        m.put("os", machine.os());
        m.put("cpu", machine.cpu());
        m.put("memory_bytes", machine.memoryBytes());
        root.put("machine", m);
        root.put("store", store.wire());
        root.put("parameters", workload.parameters());
        var values = new LinkedHashMap<String, Object>();
        var targets = new LinkedHashMap<String, Object>();
        for (var f : figures) {
            values.put(f.key(), f.value());
            if (f.target() != null) {
                var t = new LinkedHashMap<String, Object>();
                t.put("target", f.target());
                t.put("met", Boolean.TRUE.equals(f.targetMet()));
                targets.put(f.key(), t);
            }
        }
        root.put("figures", values);
        root.put("targets", targets);
        var checkList = new ArrayList<Map<String, Object>>();
        for (var c : checks) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("name", c.name());
            entry.put("passed", c.passed());
            entry.put("detail", c.detail());
            checkList.add(entry);
        }
        root.put("checks", checkList);
        root.put("passed", passed());
        root.put("targets_met", targetsMet());
        root.put("elapsed_s", elapsed.toMillis() / 1000.0);
        root.put("time_limit_s", timeLimit.toSeconds());
        root.put("server_jvm_options", serverJvmOptions);
        return JSON.writeValueAsString(root);
    }

    @Override
    public String toString() {
        return "BenchResult[" + workload + ", store=" + store + ", passed=" + passed() + "]";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + "  " : s + " ".repeat(width - s.length());
    }
}
