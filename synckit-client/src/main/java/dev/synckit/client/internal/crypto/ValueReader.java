package dev.synckit.client.internal.crypto;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads an opened field value in the caller's form: a JSON tree for the protocol's records, the engine's bind
 * values for a pulled page. Lets one opening routine, with all of its checks, serve both.
 *
 * @param <T> the value's form
 */
@FunctionalInterface
public interface ValueReader<T extends @Nullable Object> {

    /**
     * Reads one JSON value.
     *
     * @param parser positioned on the value's first token; the reader consumes the whole value (for an object or
     *               array, up to its closing token)
     * @param first that token
     * @return the value
     * @throws IllegalArgumentException or {@code JacksonException} if it cannot read it (the field is then refused
     *         as tampered)
     */
    T read(JsonParser parser, JsonToken first);

    /**
     * Whether this reader also takes the plain scalars that opening reads without a parser ({@link #string},
     * {@link #integer}, {@link #bool}, {@link #absent}). Each of them must give what {@link #read} gives for the same
     * JSON value. A reader that does not leaves every value to {@link #read}.
     *
     * @return false unless overridden
     */
    default boolean readsScalars() {
        return false;
    }

    /**
     * Makes a JSON string's value.
     *
     * @param value the string
     * @return what {@link #read} gives for it
     */
    default T string(String value) {
        throw new UnsupportedOperationException("this reader reads scalars through a parser");
    }

    /**
     * Makes a JSON integer's value.
     *
     * @param value the integer, at most 18 digits
     * @return what {@link #read} gives for it
     */
    default T integer(long value) {
        throw new UnsupportedOperationException("this reader reads scalars through a parser");
    }

    /**
     * Makes the value of {@code true} or {@code false}.
     *
     * @param value which
     * @return what {@link #read} gives for it
     */
    default T bool(boolean value) {
        throw new UnsupportedOperationException("this reader reads scalars through a parser");
    }

    /**
     * Makes the value of {@code null}.
     *
     * @return what {@link #read} gives for it
     */
    default T absent() {
        throw new UnsupportedOperationException("this reader reads scalars through a parser");
    }
}
