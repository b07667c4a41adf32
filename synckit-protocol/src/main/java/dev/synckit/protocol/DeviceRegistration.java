package dev.synckit.protocol;

/**
 * Registers an installation of an app as a device ({@code POST /v1/devices}).
 *
 * @param hostname the machine's name as the user knows it, 1 to 200 characters
 * @param platform the operating system or runtime, for example {@code linux}, 1 to 200 characters
 * @since 0.1
 */
public record DeviceRegistration(String hostname, String platform) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a label is empty, too long or contains control characters
     */
    public DeviceRegistration {
        Identifiers.requireText("hostname", hostname, Identifiers.MAX_LABEL_LENGTH);
        Identifiers.requireText("platform", platform, Identifiers.MAX_LABEL_LENGTH);
    }
}
