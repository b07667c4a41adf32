package dev.synckit.server.internal.ws;

import java.nio.charset.StandardCharsets;

import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.http.ApiException;
import dev.synckit.server.internal.http.JsonBodies;

/** Reads client frames (as strictly as request bodies are read) and writes server frames. */
final class Frames {

    private Frames() {
    }

    /**
     * Parses a text frame.
     *
     * @throws ApiException {@code invalid_json}, {@code validation_failed}, or {@code bad_request} for a missing or
     *                      unknown {@code type}; the message never repeats the frame
     */
    static ClientFrame decode(String text) {
        return JsonBodies.parse(text.getBytes(StandardCharsets.UTF_8), ClientFrame.class);
    }

    static String encode(ServerFrame frame) {
        return ProtocolJson.mapper().writeValueAsString(frame);
    }
}
