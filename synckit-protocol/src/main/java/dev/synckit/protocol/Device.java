package dev.synckit.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A registered device of a user.
 *
 * @param deviceId the device id the server assigned
 * @param hostname the hostname given at registration
 * @param platform the platform given at registration
 * @param createdAt when the device was registered
 * @since 0.1
 */
public record Device(UUID deviceId, String hostname, String platform, Instant createdAt) {

    /** Validates the components. */
    public Device {
        Objects.requireNonNull(deviceId, "device_id is required");
        Objects.requireNonNull(hostname, "hostname is required");
        Objects.requireNonNull(platform, "platform is required");
        Objects.requireNonNull(createdAt, "created_at is required");
    }
}
