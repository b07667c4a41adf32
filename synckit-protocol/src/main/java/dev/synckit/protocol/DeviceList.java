package dev.synckit.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The devices of the calling user ({@code GET /v1/devices}), oldest first.
 *
 * @param devices the devices
 * @since 0.1
 */
public record DeviceList(List<Device> devices) {

    /** Freezes the list. */
    public DeviceList {
        devices = List.copyOf(Objects.requireNonNull(devices, "devices is required"));
    }
}
