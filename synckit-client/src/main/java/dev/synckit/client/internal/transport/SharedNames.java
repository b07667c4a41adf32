package dev.synckit.client.internal.transport;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Hands out one field-name array per run of ops with equal field names, so that the apply, which maps each distinct
 * array onto its table once ({@code TablePage}, by identity), does that once per run rather than once per op. Used
 * by the page decoder for the ops it decodes and by the sealing transport for the ops it opens.
 *
 * <p>Not safe for concurrent use.
 */
final class SharedNames {

    private String[] last = new String[0];

    /**
     * Returns an array equal to the first {@code count} names: the last one handed out if it is equal, else a copy.
     *
     * @param names the names; not kept
     * @param count how many of them
     * @return the shared array; callers do not change it
     */
    String[] of(String[] names, int count) {
        if (!lastEquals(count, i -> names[i])) {
            last = Arrays.copyOf(names, count);
        }
        return last;
    }

    /**
     * Returns an array equal to the names, as {@link #of(String[], int)}.
     *
     * @param names the names
     * @return the shared array
     */
    String[] of(List<String> names) {
        if (!lastEquals(names.size(), names::get)) {
            last = names.toArray(String[]::new);
        }
        return last;
    }

    private boolean lastEquals(int count, IntFunction<String> name) {
        if (last.length != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!last[i].equals(name.apply(i))) {
                return false;
            }
        }
        return true;
    }
}
