package dev.synckit.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame the server sends on the realtime WebSocket ({@code GET /v1/ws}): one JSON text message whose
 * {@code type} property names the record, for example {@code {"type":"catch_up","space_id":"…","head":42}}.
 *
 * <p>Ordering: per subscription, the ops the server sends are in seq order and contiguous: each {@link Ops ops}
 * frame starts right after the last op sent before it, or after the cursor of the {@link ClientFrame.Subscribe
 * subscribe} or of the last {@link CatchUp catch_up}. A client applies a frame only if it starts at its own cursor
 * + 1 (skipping ops it already has), and pulls over HTTP otherwise.
 *
 * <p>The set is closed for this protocol version: switch over it without a {@code default}. Clients should ignore
 * frames of a {@code type} they do not know (a newer server may add some). All records are immutable and validate
 * their components in their constructors.
 *
 * @since 0.1
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.Subscribed.class, name = "subscribed"),
        @JsonSubTypes.Type(value = ServerFrame.Ops.class, name = "ops"),
        @JsonSubTypes.Type(value = ServerFrame.CatchUp.class, name = "catch_up"),
        @JsonSubTypes.Type(value = ServerFrame.PushResult.class, name = "push_result"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
        @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong")})
public sealed interface ServerFrame permits ServerFrame.Subscribed, ServerFrame.Ops, ServerFrame.CatchUp,
        ServerFrame.PushResult, ServerFrame.Error, ServerFrame.Pong {

    /**
     * The subscription to a space is in place; {@link Ops ops} and {@link CatchUp catch_up} frames follow.
     *
     * @param spaceId the space
     * @param head the space's highest seq as this server node knew it when the subscription started
     */
    record Subscribed(UUID spaceId, long head) implements ServerFrame {

        /** Validates the components. */
        public Subscribed {
            Objects.requireNonNull(spaceId, "space_id is required");
        }
    }

    /**
     * New ops of a subscribed space, with their seqs: contiguous and in seq order.
     *
     * @param spaceId the space
     * @param ops the ops; not empty, each seq exactly one more than the one before
     */
    record Ops(UUID spaceId, List<SequencedOp> ops) implements ServerFrame {

        /**
         * Validates and freezes the components.
         *
         * @throws IllegalArgumentException if {@code ops} is empty or its seqs are not contiguous and increasing
         */
        public Ops {
            Objects.requireNonNull(spaceId, "space_id is required");
            ops = List.copyOf(Objects.requireNonNull(ops, "ops is required"));
            if (ops.isEmpty()) {
                throw new IllegalArgumentException("ops must not be empty");
            }
            for (int i = 1; i < ops.size(); i++) {
                if (ops.get(i).seq() != ops.get(i - 1).seq() + 1) {
                    throw new IllegalArgumentException("ops must have contiguous, increasing seqs");
                }
            }
        }

        /** Returns the seq of the first op. */
        public long firstSeq() {
            return ops.getFirst().seq();
        }

        /** Returns the seq of the last op. */
        public long lastSeq() {
            return ops.getLast().seq();
        }
    }

    /**
     * The server will not (or could not) send some ops of a subscribed space as {@link Ops ops} frames: there were
     * too many at once, or the connection fell behind. The client pulls over HTTP until {@code has_more} is false;
     * later {@code ops} frames continue after {@code head}.
     *
     * @param spaceId the space
     * @param head the highest seq the client must pull up to, at least
     */
    record CatchUp(UUID spaceId, long head) implements ServerFrame {

        /** Validates the components. */
        public CatchUp {
            Objects.requireNonNull(spaceId, "space_id is required");
        }
    }

    /**
     * The answer to a {@link ClientFrame.Push push}, as {@link PushResponse} is to an HTTP push.
     *
     * @param requestId the push's request id
     * @param results one result per pushed op, in request order
     * @param lastSeq the space's highest seq after the push
     */
    record PushResult(String requestId, List<OpResult> results, long lastSeq) implements ServerFrame {

        /** Validates and freezes the components. */
        public PushResult {
            Objects.requireNonNull(requestId, "request_id is required");
            results = List.copyOf(Objects.requireNonNull(results, "results is required"));
        }
    }

    /**
     * A refused frame, with the same codes as the HTTP API's {@link ApiError}: a malformed frame
     * ({@code invalid_json}, {@code validation_failed}, {@code bad_request}), a refused subscription
     * ({@code forbidden}, {@code not_found}, {@code unknown_device}) or a failed push (any push error code). The
     * connection stays open, unless the server closes it right after.
     *
     * @param requestId the request id of the refused {@link ClientFrame.Push push}, else null
     * @param spaceId the space of a refused subscription, push or ack, when known, else null
     * @param code what went wrong
     * @param message a human-readable explanation; never a payload
     * @param details extra facts for some codes, for example {@code max_hlc}; never null, may be empty
     */
    record Error(
            @Nullable String requestId,
            @Nullable UUID spaceId,
            ErrorCode code,
            String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> details) implements ServerFrame {

        /** Validates and freezes the components. */
        public Error {
            Objects.requireNonNull(code, "code is required");
            Objects.requireNonNull(message, "message is required");
            details = details == null ? Map.of() : Map.copyOf(details);
        }
    }

    /** The answer to a {@link ClientFrame.Ping ping}. */
    record Pong() implements ServerFrame {
    }
}
