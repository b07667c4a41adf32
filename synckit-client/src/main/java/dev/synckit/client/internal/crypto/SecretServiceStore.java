package dev.synckit.client.internal.crypto;

import java.util.List;
import java.util.Optional;

import dev.synckit.client.SecretStore;

/**
 * The Linux (and BSD) Secret Service, GNOME Keyring or KWallet, through libsecret's {@code secret-tool}. Items carry
 * the attributes {@code service = <app>} and {@code account = <name>}; the secret travels base64-encoded on the
 * tool's standard input ({@code store} reads stdin to its end when it is not a terminal) and standard output,
 * never in its arguments.
 *
 * <p>Exit codes as {@code secret-tool} sets them: {@code lookup} and {@code clear} exit 1 without a message when
 * nothing matches, and 1 with a message on stderr on a real failure (no session bus, a locked collection the
 * user refused to unlock).
 */
final class SecretServiceStore implements SecretStore {

    private final String tool;
    private final String service;
    private final CommandRunner runner;

    SecretServiceStore(String tool, String service, CommandRunner runner) {
        this.tool = tool;
        this.service = service;
        this.runner = runner;
    }

    @Override
    public void store(String name, byte[] secret) {
        SecretStores.checkName(name);
        SecretStores.checkSecret(secret);
        var stdin = SecretStores.base64(secret);
        try {
            var result = SecretStores.run(runner, List.of(tool, "store", "--label=" + service + " " + name,
                    "service", service, "account", name), stdin);
            if (result.exitCode() != 0) {
                throw SecretStores.storeFailure("secret-tool store", result);
            }
        } finally {
            Bytes.wipe(stdin);
        }
    }

    @Override
    public Optional<byte[]> load(String name) {
        SecretStores.checkName(name);
        var result = SecretStores.run(runner, List.of(tool, "lookup", "service", service, "account", name),
                new byte[0]);
        try {
            if (result.exitCode() == 0) {
                return Optional.of(SecretStores.fromBase64(result.stdout(), "secret-tool lookup"));
            }
            if (result.exitCode() == 1 && result.stderr().isBlank()) {
                return Optional.empty();
            }
            throw SecretStores.failure("secret-tool lookup", result);
        } finally {
            Bytes.wipe(result.stdout());
        }
    }

    @Override
    public boolean delete(String name) {
        SecretStores.checkName(name);
        var result = SecretStores.run(runner, List.of(tool, "clear", "service", service, "account", name),
                new byte[0]);
        if (result.exitCode() == 0) {
            return true;
        }
        if (result.exitCode() == 1 && result.stderr().isBlank()) {
            return false;
        }
        throw SecretStores.failure("secret-tool clear", result);
    }

    @Override
    public String toString() {
        return "Secret Service (secret-tool), service " + service;
    }
}
