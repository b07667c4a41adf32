package dev.synckit.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A hybrid logical clock value: wall-clock milliseconds plus a logical counter.
 *
 * <p>On the wire and in stores an HLC is the fixed-width string {@code WWWWWWWWWWWWW-CCCCC} (13 decimal digits
 * of milliseconds since the epoch, a dash, 5 decimal digits of counter), so that comparing two encoded values as
 * strings gives the same order as {@link #compareTo}. Ties between devices are broken by the device id, see
 * {@link Op#clockKey()}.
 *
 * <p>Instances are immutable and safe for concurrent use.
 *
 * @param wallMillis milliseconds since the epoch, {@code 0..9_999_999_999_999}
 * @param counter logical counter within one millisecond, {@code 0..MAX_COUNTER}
 * @since 0.1
 */
public record Hlc(long wallMillis, int counter) implements Comparable<Hlc> {

    /** The largest counter; a clock that would pass it moves to the next millisecond instead. */
    public static final int MAX_COUNTER = 99_999;
    /** The largest wall-clock value that fits the encoding (year 2286). */
    public static final long MAX_WALL = 9_999_999_999_999L;
    /** The smallest clock; every real write is greater. */
    public static final Hlc ZERO = new Hlc(0, 0);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a component is out of range
     */
    public Hlc {
        if (wallMillis < 0 || wallMillis > MAX_WALL) {
            throw new IllegalArgumentException("hlc wall time must be within 0.." + MAX_WALL + ": " + wallMillis);
        }
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("hlc counter must be within 0.." + MAX_COUNTER + ": " + counter);
        }
    }

    /**
     * Parses the encoded form {@code WWWWWWWWWWWWW-CCCCC}.
     *
     * @param text the encoded clock
     * @return the clock
     * @throws IllegalArgumentException if {@code text} is not a well-formed clock
     */
    @JsonCreator
    public static Hlc parse(String text) {
        if (text == null || text.length() != 19 || text.charAt(13) != '-') {
            throw new IllegalArgumentException("hlc must have the form WWWWWWWWWWWWW-CCCCC (13 + 5 digits)");
        }
        for (int i = 0; i < 19; i++) {
            if (i != 13 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
                throw new IllegalArgumentException("hlc must have the form WWWWWWWWWWWWW-CCCCC (13 + 5 digits)");
            }
        }
        return new Hlc(Long.parseLong(text, 0, 13, 10), Integer.parseInt(text, 14, 19, 10));
    }

    /**
     * The clock for a local event: greater than this one and at least {@code nowMillis}.
     *
     * @param nowMillis the current wall-clock time
     * @return the next clock
     */
    public Hlc tick(long nowMillis) {
        if (nowMillis > wallMillis) {
            return new Hlc(Math.min(nowMillis, MAX_WALL), 0);
        }
        return counter < MAX_COUNTER ? new Hlc(wallMillis, counter + 1) : new Hlc(wallMillis + 1, 0);
    }

    /**
     * The larger of this clock and {@code other}.
     *
     * @param other another clock
     * @return the maximum
     */
    public Hlc max(Hlc other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** Returns the encoded form, see {@link #parse}. */
    @JsonValue
    public String encode() {
        var s = new StringBuilder(19);
        var w = Long.toString(wallMillis);
        s.repeat('0', 13 - w.length()).append(w).append('-');
        var c = Integer.toString(counter);
        return s.repeat('0', 5 - c.length()).append(c).toString();
    }

    @Override
    public int compareTo(Hlc o) {
        int c = Long.compare(wallMillis, o.wallMillis);
        return c != 0 ? c : Integer.compare(counter, o.counter);
    }

    @Override
    public String toString() {
        return encode();
    }
}
