package dev.synckit.client.internal.transport;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;

/**
 * Decodes a realtime {@code ops} frame ({@code {"type": "ops", "space_id": …, "ops": [{"seq": …, "op": {…}}, …]}})
 * token by token with {@link PageDecoder}'s op decoding, into the {@link RemoteOp}s the pull applies: a streamed
 * burst costs no {@code ServerFrame.Ops}, {@code Op} records or JSON trees, and streamed and pulled ops follow the
 * same rules.
 *
 * <p>Rules: those of every op of a pull page, plus those of the {@code ServerFrame.Ops} record ({@code space_id} and
 * {@code ops} required, at least one op, seqs contiguous and increasing). Unknown properties are ignored; nothing
 * may follow the frame. A frame that breaks a rule fails as a whole with an {@link IllegalArgumentException} that
 * names the rule, never a value; malformed JSON fails with a {@link JacksonException}. Frames of any other type are
 * left to the caller (they are small, and decoded as protocol records).
 */
public final class FrameDecoder {

    private static final String OPS = "ops";

    private FrameDecoder() {
    }

    /**
     * Decodes a frame if it is an {@code ops} frame. When the frame starts with its {@code type} (as this
     * protocol's servers write it), any other type is recognized without reading further.
     *
     * @param text the frame's text
     * @return the ops, or null if the frame's type is not {@code ops} (or it has none)
     * @throws JacksonException if the frame is not well-formed JSON
     * @throws IllegalArgumentException if an {@code ops} frame breaks a rule of the protocol
     */
    public static @Nullable StreamedOps decodeOps(String text) {
        try (var p = ProtocolJson.mapper().createParser(text)) {
            PageDecoder.expect(p.nextToken() == JsonToken.START_OBJECT, "a frame must be a JSON object");
            var decoder = new PageDecoder();
            String type = null;
            String space = null;
            List<RemoteOp> ops = null;
            for (var t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                var name = p.currentName();
                var value = p.nextToken();
                switch (name) {
                    case "type" -> {
                        type = PageDecoder.text(p, value, "type");
                        if (!type.equals(OPS)) {
                            return null;
                        }
                    }
                    case "space_id" -> space = PageDecoder.text(p, value, "space_id");
                    case OPS -> ops = decoder.ops(p, value);
                    default -> p.skipChildren();
                }
            }
            if (!OPS.equals(type)) {
                return null;
            }
            PageDecoder.expect(p.nextToken() == null, "nothing may follow the frame");
            PageDecoder.expect(space != null, "space_id is required");
            PageDecoder.expect(ops != null, "ops is required");
            PageDecoder.expect(!ops.isEmpty(), "ops must not be empty");
            return new StreamedOps(uuid(space), new RemotePage(ops, ops.getLast().seq(), false, decoder.maxHlc()));
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("space_id must be a UUID"); // not the text: never repeat input
        }
    }
}
