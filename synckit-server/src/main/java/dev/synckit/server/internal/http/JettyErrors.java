package dev.synckit.server.internal.http;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ApiError;
import dev.synckit.protocol.ProtocolJson;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (malformed HTTP, an ambiguous URI, headers too
 * large): the same {@link ApiError} JSON body as every other error, instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, @Nullable String message,
                                    @Nullable Throwable cause, Callback callback) {
        String id = newId();
        response.getHeaders().put(RequestIds.HEADER, id);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonBodies.JSON);
        response.write(true, ByteBuffer.wrap(body(code, message, id)), callback);
    }

    private static byte[] body(int status, @Nullable String message, String id) {
        var code = ErrorHandling.forStatus(status);
        String text = message == null || message.isBlank() ? "the request was refused (HTTP " + status + ")"
                : message;
        return ProtocolJson.mapper().writeValueAsBytes(new ApiError(code, text, id));
    }

    private static String newId() {
        return "req_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
