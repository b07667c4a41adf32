package dev.synckit.server.internal.http;

import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.ProtocolJson;
import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads request bodies (JSON only, size-capped before and while reading) and writes JSON responses, all with
 * {@link ProtocolJson}. Parse failures become {@code invalid_json} (not JSON, wrong types, missing fields) or
 * {@code validation_failed} (a value breaks a rule a record's constructor checks), with the path of the bad value
 * and the rule; the body itself is never echoed or logged.
 */
public final class JsonBodies {

    static final String JSON = "application/json";

    /**
     * The protocol's mapper, stricter for untrusted input: no coercion between scalar types ({@code "1"} or
     * {@code 1.5} for an integer, {@code 42} for a string), so a wrong type is always an error.
     */
    private static final JsonMapper READER = ProtocolJson.mapper().rebuild()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private JsonBodies() {
    }

    /** {@return the strict mapper every request body is parsed with} */
    static JsonMapper strictMapper() {
        return READER;
    }

    /** Refuses a body that is not declared as {@code application/json} (parameters such as charset allowed). */
    static void requireJsonContentType(Context ctx) {
        String type = ctx.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals(JSON)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "the request body must be JSON: send Content-Type: application/json");
        }
    }

    /**
     * Reads and parses the body.
     *
     * @param ctx the request
     * @param type the record to parse
     * @param maxBytes the largest accepted body
     * @return the parsed body
     * @throws ApiException 413 if the body is larger than {@code maxBytes}, 400 if it does not parse
     */
    static <T> T read(Context ctx, Class<T> type, long maxBytes) {
        return parse(readBytes(ctx, maxBytes), type);
    }

    static byte[] readBytes(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (var in = ctx.req().getInputStream()) {
            // Read at most one byte past the limit: a chunked body without Content-Length is capped too.
            byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the request body could not be read completely");
        }
    }

    /**
     * Parses a JSON document (a request body or a WebSocket frame) strictly.
     *
     * @param body the UTF-8 JSON
     * @param type the record (or sealed interface with a {@code type} property) to parse
     * @return the parsed value
     * @throws ApiException {@code invalid_json}, {@code validation_failed} or (an unknown or missing {@code type})
     *                      {@code bad_request}; the message names the JSON path and the rule, never the value
     */
    public static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new ApiException(ErrorCode.INVALID_JSON, "the request body is empty; expected a JSON object");
        }
        try {
            var value = READER.readValue(body, type);
            if (value == null) {
                throw new ApiException(ErrorCode.INVALID_JSON, "the request body is null; expected a JSON object");
            }
            return value;
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    /** Writes a JSON response. */
    static void write(Context ctx, int status, Object body) {
        writeBytes(ctx, status, ProtocolJson.mapper().writeValueAsBytes(body));
    }

    /** Writes a JSON response already encoded. */
    static void writeBytes(Context ctx, int status, byte[] json) {
        ctx.status(status).contentType(JSON).result(json);
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is larger than the server's limit of " + maxBytes + " bytes");
    }

    static ApiException translate(JacksonException e) {
        String at = path(e);
        String where = at.isEmpty() ? "" : at + ": ";
        var rule = cause(e, IllegalArgumentException.class);
        if (rule != null && rule.getMessage() != null) {
            return new ApiException(ErrorCode.VALIDATION_FAILED, where + rule.getMessage());
        }
        var missing = cause(e, NullPointerException.class);
        if (missing != null && missing.getMessage() != null && missing.getMessage().endsWith(" is required")) {
            // Objects.requireNonNull(x, "x is required") in a record constructor: a missing property.
            return new ApiException(ErrorCode.INVALID_JSON, where + missing.getMessage());
        }
        if (e instanceof InvalidTypeIdException) {
            // A polymorphic document (a WebSocket frame) whose "type" is missing or unknown. The type is not echoed.
            return new ApiException(ErrorCode.BAD_REQUEST, where + "missing or unknown type");
        }
        var limit = cause(e, StreamConstraintsException.class);
        if (limit != null) {
            return new ApiException(ErrorCode.INVALID_JSON, where + "the JSON exceeds a parser limit: "
                    + limit.getOriginalMessage());
        }
        var number = cause(e, InputCoercionException.class);
        if (number != null) {
            var target = number.getTargetType();
            return new ApiException(ErrorCode.INVALID_JSON, where + "number out of range"
                    + (target == null ? "" : " for " + describe(target)));
        }
        if (e instanceof StreamReadException) {
            var loc = e.getLocation();
            String position = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            return new ApiException(ErrorCode.INVALID_JSON, "the request body is not well-formed JSON" + position);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ApiException(ErrorCode.INVALID_JSON, where + "expected " + describe(m.getTargetType()));
        }
        return new ApiException(ErrorCode.INVALID_JSON, where + "the JSON does not have the expected shape");
    }

    /** The first exception of a type in a cause chain, the exception itself included. */
    private static <T extends Throwable> @Nullable T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String path(JacksonException e) {
        var out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            var names = new StringBuilder();
            for (var constant : type.getEnumConstants()) {
                names.append(names.isEmpty() ? "" : ", ").append(constant.toString().toLowerCase(Locale.ROOT));
            }
            return "one of [" + names + "]";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (type == Hlc.class) {
            return "an HLC string of the form WWWWWWWWWWWWW-CCCCC";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }
}
