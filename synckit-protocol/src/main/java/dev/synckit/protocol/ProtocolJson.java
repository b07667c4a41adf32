package dev.synckit.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the protocol: {@code snake_case} names, null and empty-optional properties
 * omitted, unknown properties ignored (newer peers may add fields), wrong types, missing primitives and
 * trailing tokens rejected.
 *
 * @since 0.1
 */
public final class ProtocolJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.ALWAYS))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ProtocolJson() {
    }

    /**
     * Returns the shared mapper. It is immutable and safe for concurrent use.
     *
     * @return the protocol's JSON mapper
     */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
