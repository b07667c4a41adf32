package dev.synckit.bench;

import java.util.Objects;

/**
 * One correctness check of a run, for example "row counts on A, server and B all equal N".
 *
 * @param name what is checked
 * @param passed whether it holds
 * @param detail the observed values, never row contents
 */
public record Check(String name, boolean passed, String detail) {

    /**
     * Checks the texts.
     *
     * @throws NullPointerException if a text is null
     */
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }
}
