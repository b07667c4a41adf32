package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.client.SecretStore;

/**
 * The OS stores against the real tools. Each test runs only where its tool is installed (the one use of
 * assumptions in this package): on a Linux build machine without libsecret they are skipped, and
 * {@link CommandLineStoresTest} covers the backends with a scripted runner instead.
 */
class SystemSecretStoreTest {

    private static final String APP = "synckit-test";
    private static final byte[] SECRET = "system store round trip".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSecretServiceRoundTrip() {
        var host = SecretStores.Host.current();
        var tool = host.which().apply("secret-tool");
        assumeTrue(tool.isPresent() && !host.isMac() && !host.isWindows(), "secret-tool is not installed");
        var store = SecretStores.choose(host, APP);
        assumeTrue(store instanceof SecretServiceStore, "no Secret Service answers on the session bus");

        roundTrip(store);
    }

    @Test
    void theMacOsKeychainRoundTrip() {
        var host = SecretStores.Host.current();
        assumeTrue(host.isMac() && Files.isExecutable(Path.of(KeychainStore.TOOL)), "not macOS with security");

        roundTrip(SecretStores.choose(host, APP));
    }

    @Test
    void theWindowsCredentialManagerRoundTrip() {
        var host = SecretStores.Host.current();
        assumeTrue(host.isWindows() && host.which().apply("powershell.exe").isPresent(), "not Windows with PowerShell");

        roundTrip(SecretStores.choose(host, APP));
    }

    @Test
    void theProcessRunnerFeedsStdinAndCollectsBothOutputs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh");

        var result = CommandRunner.processes().run(List.of("/bin/sh", "-c", "cat; echo oops >&2; exit 3"),
                "piped in".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(new String(result.stdout(), StandardCharsets.UTF_8)).isEqualTo("piped in");
        assertThat(result.stderr()).isEqualTo("oops\n");
    }

    @Test
    void theProcessRunnerKillsAToolThatHangs() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh");

        assertThatThrownBy(() -> CommandRunner.processes().run(List.of("/bin/sh", "-c", "exec sleep 30"),
                new byte[0], Duration.ofMillis(300)))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish");
    }

    private static void roundTrip(SecretStore store) {
        var name = "test-" + UUID.randomUUID();
        try {
            assertThat(store.load(name)).isEmpty();

            store.store(name, SECRET);
            store.store(name, SECRET);

            assertThat(store.load(name)).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
            assertThat(store.delete(name)).isTrue();
            assertThat(store.load(name)).isEmpty();
        } finally {
            store.delete(name);
        }
    }
}
