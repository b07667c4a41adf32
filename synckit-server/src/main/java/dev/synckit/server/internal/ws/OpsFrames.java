package dev.synckit.server.internal.ws;

import java.io.StringWriter;
import java.util.List;
import java.util.UUID;

import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.store.LogPage;

/**
 * Writes {@code ops} frames straight from the stored log, the way {@link LogPage#toJson()} writes pull bodies: each
 * op's fields copied as stored, so fanning a burst out never parses and re-encodes every op. The text is exactly what
 * {@link Frames#encode} writes for the {@link ServerFrame.Ops} record of the same ops (a test holds the two equal).
 */
final class OpsFrames {

    /** Roughly the characters of one op without its fields, to size the buffer. */
    private static final int CHARS_PER_OP = 320;

    private OpsFrames() {
    }

    /**
     * Encodes an {@code ops} frame.
     *
     * @param spaceId the space
     * @param ops stored ops, contiguous and in seq order
     * @return the frame's text
     * @throws IllegalArgumentException if {@code ops} is empty or its seqs are not contiguous and increasing (the
     *         rules of {@link ServerFrame.Ops})
     */
    static String encode(UUID spaceId, List<LogPage.Entry> ops) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("ops must not be empty");
        }
        int chars = 64;
        for (int i = 0; i < ops.size(); i++) {
            if (i > 0 && ops.get(i).seq() != ops.get(i - 1).seq() + 1) {
                throw new IllegalArgumentException("ops must have contiguous, increasing seqs");
            }
            chars += CHARS_PER_OP + ops.get(i).fieldsJson().length();
        }
        var out = new StringWriter(chars);
        try (var g = ProtocolJson.mapper().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("type", "ops");
            g.writeStringProperty("space_id", spaceId.toString());
            g.writeArrayPropertyStart("ops");
            for (var e : ops) {
                LogPage.writeSequenced(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString();
    }
}
