package dev.synckit.protocol;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A batch of ops pushed by one device into one space ({@code POST /v1/spaces/{space}/ops}).
 *
 * <p>Every op must carry the request's {@code device_id}. The server applies the batch atomically: either every
 * op gets an {@link OpResult}, or the request fails with an {@link ApiError} and nothing changes.
 *
 * @param deviceId the pushing device, registered with {@code POST /v1/devices}
 * @param ops the ops, in the order they were made; not empty
 * @since 0.1
 */
public record PushRequest(UUID deviceId, List<Op> ops) {

    /**
     * Validates and freezes the components.
     *
     * @throws IllegalArgumentException if {@code ops} is empty or an op names another device
     */
    public PushRequest {
        Objects.requireNonNull(deviceId, "device_id is required");
        Objects.requireNonNull(ops, "ops is required");
        ops = List.copyOf(ops);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("ops must not be empty");
        }
        for (var op : ops) {
            if (!op.deviceId().equals(deviceId)) {
                throw new IllegalArgumentException("every op must carry the request's device_id");
            }
        }
    }
}
