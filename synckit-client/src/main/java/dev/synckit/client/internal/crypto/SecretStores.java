package dev.synckit.client.internal.crypto;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SecretStore;

/**
 * Picks and builds {@link SecretStore} backends, and holds what they share: the rules for names and secrets, the
 * base64 transport encoding, running a tool with a timeout, and the typed failure.
 *
 * <p>Detection looks only at the OS name, the environment and the file system, plus one harmless
 * {@code secret-tool lookup} to see that a Secret Service answers; it never writes anything. It is written against
 * a {@link Host} so that tests can present any machine.
 */
public final class SecretStores {

    private static final Logger log = LoggerFactory.getLogger(SecretStores.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private SecretStores() {
    }

    /**
     * The machine as detection sees it.
     *
     * @param osName the {@code os.name} system property
     * @param env the environment
     * @param home the user's home directory
     * @param user the user name
     * @param which finds an executable by name on the {@code PATH}
     * @param runner runs tools
     * @param machineId the machine-bound value for the file store, if any
     */
    record Host(String osName, Map<String, String> env, Path home, String user,
                Function<String, Optional<Path>> which, CommandRunner runner, Optional<byte[]> machineId) {

        static Host current() {
            var env = System.getenv();
            return new Host(System.getProperty("os.name", ""), env, Path.of(System.getProperty("user.home", ".")),
                    System.getProperty("user.name", ""), tool -> onPath(env.getOrDefault("PATH", ""), tool),
                    CommandRunner.processes(), MachineId.read(MachineId.LINUX_FILES));
        }

        boolean isMac() {
            return osName.toLowerCase(Locale.ROOT).startsWith("mac");
        }

        boolean isWindows() {
            return osName.toLowerCase(Locale.ROOT).startsWith("windows");
        }
    }

    /**
     * Implements {@link SecretStore#systemDefault(String)}.
     *
     * @param appName the application's name
     * @return the best store on this machine
     */
    public static SecretStore systemDefault(String appName) {
        return choose(Host.current(), appName);
    }

    /**
     * Implements {@link SecretStore#inDirectory(Path)}.
     *
     * @param directory the directory
     * @return the file store
     */
    public static SecretStore inDirectory(Path directory) {
        var host = Host.current();
        return new FileSecretStore(directory, host.machineId().orElse(null), host.user(), new SecureRandom());
    }

    static SecretStore choose(Host host, String appName) {
        checkAppName(appName);
        if (host.isMac()) {
            var security = Path.of(KeychainStore.TOOL);
            if (Files.isExecutable(security)) {
                return new KeychainStore(appName, host.runner());
            }
        } else if (host.isWindows()) {
            var powershell = host.which().apply("powershell.exe")
                    .or(() -> Optional.ofNullable(host.env().get("SystemRoot"))
                            .map(root -> Path.of(root, "System32", "WindowsPowerShell", "v1.0", "powershell.exe"))
                            .filter(Files::isExecutable));
            if (powershell.isPresent()) {
                return new CredentialManagerStore(powershell.get().toString(), appName, host.runner());
            }
        } else {
            var secretTool = host.which().apply("secret-tool");
            if (secretTool.isPresent() && hasSessionBus(host)
                    && secretServiceAnswers(host.runner(), secretTool.get().toString(), appName)) {
                return new SecretServiceStore(secretTool.get().toString(), appName, host.runner());
            }
        }
        var directory = fallbackDirectory(host, appName);
        log.warn("No OS keychain is available; keeping secrets in files under {} (protected from other users, "
                + "not from this user or root)", directory);
        return new FileSecretStore(directory, host.machineId().orElse(null), host.user(), new SecureRandom());
    }

    static Path fallbackDirectory(Host host, String appName) {
        if (host.isWindows()) {
            var local = host.env().get("LOCALAPPDATA");
            var base = local != null && !local.isBlank() ? Path.of(local)
                    : host.home().resolve("AppData").resolve("Local");
            return base.resolve(appName).resolve("secrets");
        }
        if (host.isMac()) {
            return host.home().resolve("Library").resolve("Application Support").resolve(appName).resolve("secrets");
        }
        var xdg = host.env().get("XDG_DATA_HOME");
        // The XDG spec says to ignore a relative XDG_DATA_HOME.
        var base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : host.home().resolve(".local/share");
        return base.resolve(appName).resolve("secrets");
    }

    private static boolean hasSessionBus(Host host) {
        var address = host.env().get("DBUS_SESSION_BUS_ADDRESS");
        if (address != null && !address.isBlank()) {
            return true;
        }
        var runtime = host.env().get("XDG_RUNTIME_DIR");
        return runtime != null && !runtime.isBlank() && Files.exists(Path.of(runtime, "bus"));
    }

    private static boolean secretServiceAnswers(CommandRunner runner, String tool, String appName) {
        try {
            var result = runner.run(List.of(tool, "lookup", "service", appName, "account", "synckit-probe"),
                    new byte[0], PROBE_TIMEOUT);
            Bytes.wipe(result.stdout());
            return result.exitCode() == 0 || (result.exitCode() == 1 && result.stderr().isBlank());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Optional<Path> onPath(String path, String tool) {
        for (var dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (!dir.isBlank()) {
                var candidate = Path.of(dir, tool);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static void checkAppName(String appName) {
        Objects.requireNonNull(appName, "appName");
        if (!NAME.matcher(appName).matches()) {
            throw new IllegalArgumentException("appName must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a secret name must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
    }

    static void checkSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0 || secret.length > SecretStore.MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a secret must have 1 to " + SecretStore.MAX_SECRET_BYTES + " bytes");
        }
    }

    /** Standard base64 of a secret, as bytes so that the caller can wipe them. */
    static byte[] base64(byte[] secret) {
        return Base64.getEncoder().encode(secret);
    }

    /** Decodes a tool's base64 output, ignoring surrounding whitespace (a trailing newline). */
    static byte[] fromBase64(byte[] text, String what) {
        int from = 0;
        int to = text.length;
        while (from < to && Character.isWhitespace(text[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(text[to - 1])) {
            to--;
        }
        var trimmed = Arrays.copyOfRange(text, from, to);
        try {
            return Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(CryptoException.Reason.SECRET_STORE,
                    what + " returned a value that is not a SyncKit secret", null);
        } finally {
            Bytes.wipe(trimmed);
        }
    }

    static CommandRunner.Result run(CommandRunner runner, List<String> command, byte[] stdin) {
        try {
            return runner.run(command, stdin, TIMEOUT);
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Reason.SECRET_STORE,
                    "could not run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CryptoException(CryptoException.Reason.SECRET_STORE,
                    "interrupted while running " + command.getFirst(), e);
        }
    }

    /**
     * A failure of a call that did not carry a secret to the tool: its stderr goes into the message.
     */
    static CryptoException failure(String what, CommandRunner.@Nullable Result result) {
        var message = result == null ? what
                : what + " failed with exit code " + result.exitCode()
                        + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip());
        return new CryptoException(CryptoException.Reason.SECRET_STORE, message, null);
    }

    /**
     * A failure of a call that carried a secret to the tool: only the exit code goes into the message, because a
     * tool may echo its input in an error (PowerShell quotes the failing script line).
     */
    static CryptoException storeFailure(String what, CommandRunner.@Nullable Result result) {
        return new CryptoException(CryptoException.Reason.SECRET_STORE,
                result == null ? what : what + " failed with exit code " + result.exitCode(), null);
    }
}
