package dev.synckit.protocol;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame a client sends on the realtime WebSocket ({@code GET /v1/ws}): one JSON text message whose {@code type}
 * property names the record, for example {@code {"type":"ack","space_id":"…","seq":42}}.
 *
 * <p>The set is closed for this protocol version: switch over it without a {@code default}. A server answers a
 * frame of a type it does not know with an {@link ServerFrame.Error error} frame and keeps the connection. All
 * records are immutable and validate their components in their constructors; {@link ProtocolJson} encodes and
 * decodes them.
 *
 * @since 0.1
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Subscribe.class, name = "subscribe"),
        @JsonSubTypes.Type(value = ClientFrame.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ClientFrame.Push.class, name = "push"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping")})
public sealed interface ClientFrame permits ClientFrame.Subscribe, ClientFrame.Ack, ClientFrame.Push,
        ClientFrame.Ping {

    /** The longest {@link Push#requestId() request id}. */
    int MAX_REQUEST_ID_LENGTH = 64;

    /**
     * Starts (or restarts) the stream of a space's ops on this connection: the server answers
     * {@link ServerFrame.Subscribed subscribed}, then sends every op after {@code after}, either as
     * {@link ServerFrame.Ops ops} frames or as a {@link ServerFrame.CatchUp catch_up} that asks for an HTTP pull.
     * Subscribing again to the same space replaces the subscription and its cursor.
     *
     * @param spaceId the space; the caller must be a member of it
     * @param deviceId the subscribing device, registered to the caller; its {@link Ack acks} are stored for it
     * @param after the highest seq the device has applied, {@code >= 0}
     */
    record Subscribe(UUID spaceId, UUID deviceId, long after) implements ClientFrame {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException if {@code after < 0}
         */
        public Subscribe {
            Objects.requireNonNull(spaceId, "space_id is required");
            Objects.requireNonNull(deviceId, "device_id is required");
            if (after < 0) {
                throw new IllegalArgumentException("after must be >= 0");
            }
        }
    }

    /**
     * Tells the server that the subscribed device has applied every op of the space up to {@code seq}. The server
     * keeps the highest value per device and space (it never moves back), persisting it within seconds.
     *
     * @param spaceId a space this connection subscribed to
     * @param seq the highest seq applied, {@code >= 0}
     */
    record Ack(UUID spaceId, long seq) implements ClientFrame {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException if {@code seq < 0}
         */
        public Ack {
            Objects.requireNonNull(spaceId, "space_id is required");
            if (seq < 0) {
                throw new IllegalArgumentException("seq must be >= 0");
            }
        }
    }

    /**
     * Pushes ops, exactly as {@code POST /v1/spaces/{space}/ops} does (same rules, limits and idempotency); the
     * server answers {@link ServerFrame.PushResult push_result} or {@link ServerFrame.Error error} with the same
     * {@code request_id}.
     *
     * @param requestId chosen by the client to match the answer, 1 to {@value #MAX_REQUEST_ID_LENGTH} characters,
     *                  no control characters
     * @param spaceId the space
     * @param deviceId the pushing device; every op must carry it
     * @param ops the ops, in the order they were made; not empty
     */
    record Push(String requestId, UUID spaceId, UUID deviceId, List<Op> ops) implements ClientFrame {

        /**
         * Validates and freezes the components.
         *
         * @throws IllegalArgumentException if the request id breaks its rule, {@code ops} is empty or an op names
         *                                  another device
         */
        public Push {
            Identifiers.requireText("request_id", requestId, MAX_REQUEST_ID_LENGTH);
            Objects.requireNonNull(spaceId, "space_id is required");
            ops = new PushRequest(Objects.requireNonNull(deviceId, "device_id is required"),
                    Objects.requireNonNull(ops, "ops is required")).ops();
        }

        /**
         * Returns the push as the HTTP push endpoint takes it.
         *
         * @return the device and its ops
         */
        public PushRequest toPushRequest() {
            return new PushRequest(deviceId, ops);
        }
    }

    /** Asks the server for a {@link ServerFrame.Pong pong}: a heartbeat that proves the connection still works. */
    record Ping() implements ClientFrame {
    }
}
