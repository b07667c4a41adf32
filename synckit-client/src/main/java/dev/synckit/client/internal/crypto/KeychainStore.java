package dev.synckit.client.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import dev.synckit.client.SecretStore;

/**
 * The macOS login Keychain, through {@code /usr/bin/security}: generic-password items with service {@code <app>}
 * and account {@code <name>}, the secret base64-encoded.
 *
 * <p>{@code add-generic-password} takes the password only as an argument, so it is not run directly: the command
 * goes to {@code security -i} (interactive mode) on its standard input, which keeps the secret out of the process
 * list. Interactive mode does not report a failed command in its exit code, so a store reads the item back and
 * compares. {@code find-generic-password -w} prints the secret; it and {@code delete-generic-password} exit 44
 * ({@code errSecItemNotFound}) when there is no item. The keychain trusts the program that created an item
 * ({@code security}), so reading it back does not prompt.
 */
final class KeychainStore implements SecretStore {

    static final String TOOL = "/usr/bin/security";
    private static final int NOT_FOUND = 44;

    private final String service;
    private final CommandRunner runner;

    KeychainStore(String service, CommandRunner runner) {
        this.service = service;
        this.runner = runner;
    }

    @Override
    public void store(String name, byte[] secret) {
        SecretStores.checkName(name);
        SecretStores.checkSecret(secret);
        var encoded = SecretStores.base64(secret);
        // Names and the service are [A-Za-z0-9._-] and base64 has no spaces or quotes: no quoting is needed.
        var command = Bytes.concat(("add-generic-password -U -s " + service + " -a " + name + " -l " + service + ":"
                + name + " -w ").getBytes(StandardCharsets.US_ASCII), encoded, new byte[] {'\n'});
        try {
            var result = SecretStores.run(runner, List.of(TOOL, "-i"), command);
            if (result.exitCode() != 0) {
                throw SecretStores.storeFailure("security add-generic-password", result);
            }
            var stored = load(name).orElseThrow(() -> SecretStores.storeFailure(
                    "security add-generic-password did not store the item", (CommandRunner.Result) null));
            boolean same = MessageDigest.isEqual(stored, secret);
            Bytes.wipe(stored);
            if (!same) {
                throw SecretStores.storeFailure("security add-generic-password did not store the item",
                        (CommandRunner.Result) null);
            }
        } finally {
            Bytes.wipe(encoded);
            Bytes.wipe(command);
        }
    }

    @Override
    public Optional<byte[]> load(String name) {
        SecretStores.checkName(name);
        var result = SecretStores.run(runner,
                List.of(TOOL, "find-generic-password", "-s", service, "-a", name, "-w"), new byte[0]);
        try {
            if (result.exitCode() == 0) {
                return Optional.of(SecretStores.fromBase64(result.stdout(), "security find-generic-password"));
            }
            if (result.exitCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw SecretStores.failure("security find-generic-password", result);
        } finally {
            Bytes.wipe(result.stdout());
        }
    }

    @Override
    public boolean delete(String name) {
        SecretStores.checkName(name);
        var result = SecretStores.run(runner, List.of(TOOL, "delete-generic-password", "-s", service, "-a", name),
                new byte[0]);
        if (result.exitCode() == 0) {
            return true;
        }
        if (result.exitCode() == NOT_FOUND) {
            return false;
        }
        throw SecretStores.failure("security delete-generic-password", result);
    }

    @Override
    public String toString() {
        return "macOS Keychain, service " + service;
    }
}
