package dev.synckit.client.internal.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine-bound value behind the file secret store's encryption: the systemd/D-Bus machine id, a random id
 * written at OS installation, readable by every local user. Binding a secret file to it means a copy of the file
 * (a backup, a synced home directory, a stolen disk image without {@code /etc}) does not decrypt elsewhere. It is
 * not a secret, so it does nothing against anyone who can already read both files on this machine.
 *
 * <p>Only Linux has it as a file; on macOS and Windows the OS keychain is used instead of files, and elsewhere the
 * file store falls back to plain {@code 0600} files.
 */
final class MachineId {

    static final List<Path> LINUX_FILES = List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));

    private MachineId() {
    }

    /**
     * Reads the first non-blank id among the candidate files.
     *
     * @param candidates the files to try in order
     * @return the id's bytes (trimmed text), or empty if none is readable
     */
    static Optional<byte[]> read(List<Path> candidates) {
        for (var file : candidates) {
            try {
                if (Files.isRegularFile(file)) {
                    var id = Files.readString(file, StandardCharsets.US_ASCII).strip();
                    if (!id.isEmpty()) {
                        return Optional.of(id.getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Unreadable or not text: try the next candidate; with none, the store writes plain files.
            }
        }
        return Optional.empty();
    }
}
