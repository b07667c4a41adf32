package dev.synckit.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W4 convergence: A creates {@code rows} rows, B pulls them; offline, A retitles every row while B flips
 * {@code done} on the first {@code rows - bothTitle} rows and retitles the last {@code bothTitle}; then A, B, A, B
 * sync. Reports whether the replicas (A, B, the server's materialized view) are identical and how many of the
 * {@code 2 * rows} edits are visible.
 *
 * @param rows rows, 1 to 1,000,000 ({@code ROWS}, default 1,000)
 * @param bothTitle rows whose title both devices change, 0 to {@code rows} ({@code BOTH_TITLE}, default 100)
 */
public record W4Convergence(int rows, int bothTitle) implements Workload {

    /** The default {@code ROWS}. */
    public static final int DEFAULT_ROWS = 1000;
    /** The default {@code BOTH_TITLE}. */
    public static final int DEFAULT_BOTH_TITLE = 100;

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public W4Convergence {
        Params.requireRange("rows", rows, 1, 1_000_000);
        Params.requireRange("both_title", bothTitle, 0, rows);
    }

    /**
     * Returns W4 with the parameters of {@code BENCHMARKS.md}.
     *
     * @return 1,000 rows, 100 of them retitled on both devices
     */
    public static W4Convergence defaults() {
        return new W4Convergence(DEFAULT_ROWS, DEFAULT_BOTH_TITLE);
    }

    /**
     * Returns how many edits field-level merge must keep visible: both edits of every disjoint-field row and one of
     * every same-field row.
     *
     * @return {@code 2 * (rows - bothTitle) + bothTitle}
     */
    public int expectedVisibleEdits() {
        return 2 * (rows - bothTitle) + bothTitle;
    }

    @Override
    public String id() {
        return "w4";
    }

    @Override
    public String title() {
        return "convergence";
    }

    @Override
    public Map<String, Object> parameters() {
        var p = new LinkedHashMap<String, Object>();
        p.put("rows", rows);
        p.put("both_title", bothTitle);
        return Collections.unmodifiableMap(p);
    }

    @Override
    public Duration defaultTimeLimit() {
        return Duration.ofMinutes(5);
    }
}
