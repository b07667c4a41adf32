package dev.synckit.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The machine-readable {@code code} of an {@link ApiError}, with the HTTP status the server answers it with.
 *
 * @since 0.1
 */
public enum ErrorCode {
    /** The request is malformed in a way no more specific code describes. */
    BAD_REQUEST("bad_request", 400),
    /** The body is not JSON, or not the JSON shape the endpoint takes (wrong types, missing fields). */
    INVALID_JSON("invalid_json", 400),
    /** The body is well-formed JSON but a value breaks a rule (identifier syntax, ranges). */
    VALIDATION_FAILED("validation_failed", 400),
    /** The op names a device that is not registered to the caller. */
    UNKNOWN_DEVICE("unknown_device", 400),
    /** No credentials, or unknown, revoked or expired credentials. */
    UNAUTHORIZED("unauthorized", 401),
    /** Authenticated, but not allowed to touch this resource. */
    FORBIDDEN("forbidden", 403),
    /** No such resource (or one the caller may not know about). */
    NOT_FOUND("not_found", 404),
    /** The path exists, the method does not. */
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    /** An op id was seen before with different content. */
    OP_ID_CONFLICT("op_id_conflict", 409),
    /** The device's clock went backwards; the error's {@code max_hlc} is the stored maximum. */
    HLC_REGRESSION("hlc_regression", 409),
    /** A compare-and-set write found another version than the expected one (for example the key blob). */
    VERSION_CONFLICT("version_conflict", 409),
    /** The account has end-to-end encryption set up and a pushed op is not sealed. */
    ENCRYPTION_REQUIRED("encryption_required", 409),
    /** The cursor is below the space's compaction watermark; rebuild from a snapshot. */
    RESYNC_REQUIRED("resync_required", 410),
    /** The body is larger than the server's limit. */
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    /** The request carries more ops, or a larger op, than the server's limit. */
    BATCH_TOO_LARGE("batch_too_large", 413),
    /** The body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    /** Too many requests for this key; retry later. */
    RATE_LIMITED("rate_limited", 429),
    /** An unexpected server failure; the request id identifies it in the server's log. */
    INTERNAL("internal", 500),
    /** The server cannot reach its store right now; retry later. */
    UNAVAILABLE("unavailable", 503);

    private static final Map<String, ErrorCode> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::wire, Function.identity()));

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    /** Returns the code as it appears on the wire, for example {@code "op_id_conflict"}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Returns the HTTP status the server answers this code with. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Finds the code for its wire form.
     *
     * @param wire the wire form
     * @return the code, or empty for a code this version does not know
     */
    public static Optional<ErrorCode> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    @JsonCreator
    static ErrorCode parse(String wire) {
        return fromWire(wire).orElse(BAD_REQUEST);
    }
}
