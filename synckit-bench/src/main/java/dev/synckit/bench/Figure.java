package dev.synckit.bench;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One measured figure of a run.
 *
 * @param key the snake_case name in the JSON line, with its unit as suffix (for example {@code push_s})
 * @param label the name in the table (for example {@code push time})
 * @param value a number, a boolean or a text; null when it could not be measured here ("n/a")
 * @param unit the unit: {@code s}, {@code ms}, {@code bytes}, {@code rows/s}, or empty for a count
 * @param target the target of {@code BENCHMARKS.md}, for example {@code <= 1.0 s}, or null for none
 * @param targetMet whether the value meets the target, or null when there is none or no value
 */
public record Figure(String key, String label, @Nullable Object value, String unit, @Nullable String target,
                     @Nullable Boolean targetMet) {

    /**
     * Checks the names.
     *
     * @throws NullPointerException if a name or the unit is null
     */
    public Figure {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
    }

    /**
     * Formats the value for the table: seconds with three decimals, bytes in MiB, counts with thousands separators,
     * {@code n/a} for a missing value.
     *
     * @return the formatted value with its unit
     */
    public String display() {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Number n) {
            return switch (unit) {
                case "s" -> String.format(Locale.ROOT, "%.3f s", n.doubleValue());
                case "ms" -> String.format(Locale.ROOT, "%.2f ms", n.doubleValue());
                case "bytes" -> String.format(Locale.ROOT, "%.1f MiB", n.doubleValue() / (1024 * 1024));
                case "rows/s" -> String.format(Locale.ROOT, "%,.0f rows/s", n.doubleValue());
                default -> n instanceof Double || n instanceof Float
                        ? String.format(Locale.ROOT, "%,.2f %s", n.doubleValue(), unit).strip()
                        : String.format(Locale.ROOT, "%,d %s", n.longValue(), unit).strip();
            };
        }
        return value + (unit.isEmpty() ? "" : " " + unit);
    }
}
