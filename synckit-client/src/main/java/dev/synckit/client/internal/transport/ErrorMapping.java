package dev.synckit.client.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.AuthException;
import dev.synckit.client.ConflictException;
import dev.synckit.client.ResyncRequiredException;
import dev.synckit.client.ServerException;
import dev.synckit.client.SyncKitException;
import dev.synckit.protocol.ApiError;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.ServerFrame;

import tools.jackson.core.JacksonException;

/**
 * Turns an error answer into the matching {@link SyncKitException}: 401/403 → {@link AuthException}, 409 →
 * {@link ConflictException} (with {@code details.max_hlc}), 410 → {@link ResyncRequiredException}, anything else
 * → {@link ServerException}. A body that is not an {@link ApiError} (a proxy's HTML page) still maps by status. An
 * {@code error} frame that answers a push over the realtime socket maps as its code's HTTP status would.
 */
public final class ErrorMapping {

    /** Error bodies are small; a larger one is not an {@link ApiError} and is not read further. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private ErrorMapping() {
    }

    static SyncKitException toException(int status, InputStream body) throws IOException {
        var error = parse(body.readNBytes(MAX_ERROR_BODY));
        if (error == null) {
            return toException(status, null, "the server answered without an error body", null, Map.of());
        }
        return toException(status, error.code(), error.message(), error.requestId(), error.details());
    }

    /**
     * Maps a refused frame (an {@code error} answering a push over the realtime socket) as the HTTP answer with its
     * code's status.
     *
     * @param error the frame
     * @return the exception the HTTP push would have thrown
     */
    public static SyncKitException toException(ServerFrame.Error error) {
        return toException(error.code().httpStatus(), error.code(), error.message(), null, error.details());
    }

    private static SyncKitException toException(int status, @Nullable ErrorCode code, String message,
                                                @Nullable String requestId, Map<String, String> details) {
        return switch (status) {
            case 401, 403 -> new AuthException(status, code, message, requestId);
            case 409 -> new ConflictException(code, message, requestId, maxHlc(details));
            case 410 -> new ResyncRequiredException(code, message, requestId);
            default -> new ServerException(status, code, message, requestId);
        };
    }

    private static @Nullable ApiError parse(byte[] body) {
        if (body.length == 0 || body.length >= MAX_ERROR_BODY) {
            return null;
        }
        try {
            return ProtocolJson.mapper().readValue(body, ApiError.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static @Nullable Hlc maxHlc(Map<String, String> details) {
        var text = details.get("max_hlc");
        if (text == null) {
            return null;
        }
        try {
            return Hlc.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
