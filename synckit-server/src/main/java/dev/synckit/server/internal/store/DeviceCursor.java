package dev.synckit.server.internal.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How far a device has applied a space's log, as it acknowledged it: the device's cursor (seeds/003
 * {@code device_sync_cursor}). Compaction will keep every op above the smallest cursor of a space's active devices.
 *
 * @param spaceId the space
 * @param deviceId the device
 * @param seq the highest seq the device has applied, {@code >= 0}
 * @param ackedAt when the device acknowledged it
 */
public record DeviceCursor(UUID spaceId, UUID deviceId, long seq, Instant ackedAt) {

    /** Validates the components. */
    public DeviceCursor {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ackedAt, "ackedAt");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0: " + seq);
        }
    }
}
