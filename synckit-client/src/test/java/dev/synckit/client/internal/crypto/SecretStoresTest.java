package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which store {@code systemDefault} picks, on machines described by a {@link SecretStores.Host}. */
class SecretStoresTest {

    private static final Path HOME = Path.of("/home/alice");
    private static final byte[] MACHINE = {1, 2, 3};

    private static SecretStores.Host linux(Map<String, String> env, boolean hasSecretTool, CommandRunner runner) {
        return new SecretStores.Host("Linux", env, HOME, "alice",
                tool -> hasSecretTool && tool.equals("secret-tool") ? Optional.of(Path.of("/usr/bin/secret-tool"))
                        : Optional.empty(),
                runner, Optional.of(MACHINE));
    }

    private static CommandRunner answering(int exit, String stderr) {
        return (command, stdin, timeout) -> new CommandRunner.Result(exit, new byte[0], stderr);
    }

    @Test
    void linuxWithSecretToolAndASessionBusUsesTheSecretService() {
        var host = linux(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"), true, answering(1, ""));

        assertThat(SecretStores.choose(host, "myapp")).isInstanceOf(SecretServiceStore.class);
    }

    @Test
    void linuxWithoutSecretToolFallsBackToMachineBoundFilesUnderXdgDataHome() {
        var host = linux(Map.of("XDG_DATA_HOME", "/data/alice"), false, answering(0, ""));

        var store = SecretStores.choose(host, "myapp");

        assertThat(store).isInstanceOfSatisfying(FileSecretStore.class, files -> {
            assertThat(files.directory()).isEqualTo(Path.of("/data/alice/myapp/secrets"));
            assertThat(files.machineBound()).isTrue();
        });
    }

    @Test
    void linuxWithSecretToolButNoSessionBusFallsBackToFiles() {
        var host = linux(Map.of(), true, answering(0, ""));

        assertThat(SecretStores.choose(host, "myapp")).isInstanceOfSatisfying(FileSecretStore.class,
                files -> assertThat(files.directory()).isEqualTo(HOME.resolve(".local/share/myapp/secrets")));
    }

    @Test
    void linuxWhoseSecretServiceDoesNotAnswerFallsBackToFiles() {
        var host = linux(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"), true,
                answering(1, "secret-tool: The name org.freedesktop.secrets was not provided by any .service files"));

        assertThat(SecretStores.choose(host, "myapp")).isInstanceOf(FileSecretStore.class);
    }

    @Test
    void aRelativeXdgDataHomeIsIgnored() {
        var host = linux(Map.of("XDG_DATA_HOME", "relative/dir"), false, answering(0, ""));

        assertThat(SecretStores.fallbackDirectory(host, "myapp")).isEqualTo(HOME.resolve(".local/share/myapp/secrets"));
    }

    @Test
    void windowsWithPowershellUsesTheCredentialManager() {
        var host = new SecretStores.Host("Windows 11", Map.of(), HOME, "alice",
                tool -> tool.equals("powershell.exe") ? Optional.of(Path.of("/c/powershell.exe")) : Optional.empty(),
                answering(0, ""), Optional.empty());

        assertThat(SecretStores.choose(host, "myapp")).isInstanceOf(CredentialManagerStore.class);
    }

    @Test
    void fallbackDirectoriesFollowEachPlatformsConvention() {
        var windows = new SecretStores.Host("Windows 11", Map.of("LOCALAPPDATA", "/c/Users/alice/AppData/Local"),
                HOME, "alice", tool -> Optional.empty(), answering(0, ""), Optional.empty());
        var mac = new SecretStores.Host("Mac OS X", Map.of(), HOME, "alice", tool -> Optional.empty(),
                answering(0, ""), Optional.empty());

        assertThat(SecretStores.fallbackDirectory(windows, "myapp"))
                .isEqualTo(Path.of("/c/Users/alice/AppData/Local/myapp/secrets"));
        assertThat(SecretStores.fallbackDirectory(mac, "myapp"))
                .isEqualTo(HOME.resolve("Library/Application Support/myapp/secrets"));
    }

    @Test
    void theAppNameMustBeSafeAsADirectoryAndServiceName() {
        var host = linux(Map.of(), false, answering(0, ""));

        for (var bad : new String[] {"", "../up", "my app", "a/b", "x".repeat(65)}) {
            assertThatThrownBy(() -> SecretStores.choose(host, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
