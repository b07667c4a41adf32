package dev.synckit.client.internal.transport;

import java.util.Arrays;
import java.util.List;

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
        boolean same = last.length == count;
        for (int i = 0; same && i < count; i++) {
            same = last[i] == names[i] || last[i].equals(names[i]);
        }
        if (!same) {
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
        boolean same = last.length == names.size();
        for (int i = 0; same && i < last.length; i++) {
            same = last[i].equals(names.get(i));
        }
        if (!same) {
            last = names.toArray(String[]::new);
        }
        return last;
    }
}
