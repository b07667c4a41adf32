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
}
