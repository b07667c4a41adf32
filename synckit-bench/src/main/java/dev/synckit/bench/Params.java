package dev.synckit.bench;

/** Parameter checks shared by the workload records. */
final class Params {

    private Params() {
    }

    static int requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
