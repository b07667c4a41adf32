package dev.synckit.client.internal.crypto;

/**
 * The cost parameters of Argon2id (RFC 9106), stored next to each password wrapping so that a blob written with
 * older or test parameters stays readable when the defaults change.
 *
 * <p>The bounds are deliberately tight on the upper side: the parameters of a blob come from the server, and a
 * blob asking for gigabytes or minutes would let a hostile server freeze or crash every client that reads it.
 *
 * @param memoryKiB memory in KiB, {@value #MIN_MEMORY_KIB} to {@value #MAX_MEMORY_KIB} and at least 8 per lane
 * @param iterations passes over memory, 1 to {@value #MAX_ITERATIONS}
 * @param parallelism lanes, 1 to {@value #MAX_PARALLELISM}
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {

    /** Smallest accepted memory (Argon2's own minimum is 8 KiB per lane). */
    public static final int MIN_MEMORY_KIB = 8;
    /** Largest accepted memory: 256 MiB, four times the default. */
    public static final int MAX_MEMORY_KIB = 256 * 1024;
    /** Most accepted passes. */
    public static final int MAX_ITERATIONS = 10;
    /** Most accepted lanes. */
    public static final int MAX_PARALLELISM = 4;

    /**
     * The production default: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended option is 64 MiB and 3
     * passes with 4 lanes; Bouncy Castle computes lanes one after another, so more lanes only cost time here).
     * About half a second on a laptop.
     */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

    /** A fast profile for tests only: 64 KiB, 1 pass. Never for real passwords. */
    public static final Argon2Params TESTING = new Argon2Params(64, 1, 1);

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException if a parameter is out of bounds
     */
    public Argon2Params {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("argon2 parallelism must be 1.." + MAX_PARALLELISM);
        }
        if (memoryKiB < Math.max(MIN_MEMORY_KIB, 8 * parallelism) || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("argon2 memory must be 8 KiB per lane up to " + MAX_MEMORY_KIB + " KiB");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("argon2 iterations must be 1.." + MAX_ITERATIONS);
        }
    }
}
