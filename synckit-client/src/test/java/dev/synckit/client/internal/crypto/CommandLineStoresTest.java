package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SecretStore;

/**
 * The OS-keychain backends against a scripted {@link CommandRunner}: the exact commands, that the secret travels on
 * standard input only, and how exit codes and output map to results. Runs everywhere; the real tools are exercised
 * by {@link SystemSecretStoreTest} where they exist.
 */
class CommandLineStoresTest {

    private static final byte[] SECRET = "s3cr3t-master-key-bytes".getBytes(StandardCharsets.UTF_8);
    private static final String ENCODED = Base64.getEncoder().encodeToString(SECRET);

    /** Records every call and answers from a function of the arguments. */
    static final class ScriptedRunner implements CommandRunner {
        record Call(List<String> command, String stdin) {
        }

        final List<Call> calls = new ArrayList<>();
        private final Function<List<String>, Result> answers;

        ScriptedRunner(Function<List<String>, Result> answers) {
            this.answers = answers;
        }

        @Override
        public Result run(List<String> command, byte[] stdin, Duration timeout) {
            calls.add(new Call(List.copyOf(command), new String(stdin, StandardCharsets.UTF_8)));
            return answers.apply(command);
        }

        void assertNoSecretInArguments() {
            assertThat(calls).allSatisfy(call -> assertThat(call.command()).noneMatch(
                    arg -> arg.contains(ENCODED) || arg.contains(new String(SECRET, StandardCharsets.UTF_8))));
        }
    }

    private static CommandRunner.Result ok(String stdout) {
        return new CommandRunner.Result(0, stdout.getBytes(StandardCharsets.UTF_8), "");
    }

    private static CommandRunner.Result exit(int code, String stderr) {
        return new CommandRunner.Result(code, new byte[0], stderr);
    }

    // --- Secret Service (secret-tool) ---

    @Test
    void secretToolGetsTheSecretOnStdinAndNamesTheItemByAttributes() {
        var runner = new ScriptedRunner(command -> ok(""));

        new SecretServiceStore("/usr/bin/secret-tool", "myapp", runner).store("master-key", SECRET);

        assertThat(runner.calls).singleElement().satisfies(call -> {
            assertThat(call.command()).containsExactly("/usr/bin/secret-tool", "store", "--label=myapp master-key",
                    "service", "myapp", "account", "master-key");
            assertThat(call.stdin()).isEqualTo(ENCODED);
        });
        runner.assertNoSecretInArguments();
    }

    @Test
    void secretToolLookupMapsOutputAndExitCodes() {
        var found = new SecretServiceStore("secret-tool", "myapp", new ScriptedRunner(command -> ok(ENCODED)));
        var missing = new SecretServiceStore("secret-tool", "myapp", new ScriptedRunner(command -> exit(1, "")));
        var broken = new SecretServiceStore("secret-tool", "myapp",
                new ScriptedRunner(command -> exit(1, "secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY")));

        assertThat(found.load("master-key")).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
        assertThat(missing.load("master-key")).isEmpty();
        assertThatThrownBy(() -> broken.load("master-key")).isInstanceOfSatisfying(CryptoException.class, e -> {
            assertThat(e.reason()).isEqualTo(CryptoException.Reason.SECRET_STORE);
            assertThat(e).hasMessageContaining("D-Bus");
        });
    }

    @Test
    void secretToolClearReportsWhetherAnItemWasThere() {
        var runner = new ScriptedRunner(command -> ok(""));

        assertThat(new SecretServiceStore("secret-tool", "myapp", runner).delete("session")).isTrue();
        assertThat(new SecretServiceStore("secret-tool", "myapp", new ScriptedRunner(c -> exit(1, ""))).delete("x"))
                .isFalse();
        assertThat(runner.calls.getFirst().command()).containsExactly("secret-tool", "clear", "service", "myapp",
                "account", "session");
    }

    // --- macOS Keychain (security) ---

    @Test
    void securityGetsTheAddCommandOnStdinAndTheStoreIsVerifiedByReadingBack() {
        var runner = new ScriptedRunner(command -> command.contains("-i") ? ok("") : ok(ENCODED + "\n"));

        new KeychainStore("myapp", runner).store("master-key", SECRET);

        assertThat(runner.calls).hasSize(2);
        assertThat(runner.calls.get(0).command()).containsExactly("/usr/bin/security", "-i");
        assertThat(runner.calls.get(0).stdin()).isEqualTo(
                "add-generic-password -U -s myapp -a master-key -l myapp:master-key -w " + ENCODED + "\n");
        assertThat(runner.calls.get(1).command()).containsExactly("/usr/bin/security", "find-generic-password",
                "-s", "myapp", "-a", "master-key", "-w");
        runner.assertNoSecretInArguments();
    }

    @Test
    void aKeychainStoreThatDidNotTakeIsAnError() {
        var runner = new ScriptedRunner(command -> command.contains("-i") ? ok("") : exit(44, ""));

        assertThatThrownBy(() -> new KeychainStore("myapp", runner).store("master-key", SECRET))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.SECRET_STORE));
    }

    @Test
    void keychainNotFoundIsExitCode44() {
        var store = new KeychainStore("myapp", new ScriptedRunner(command -> exit(44, "item not found")));

        assertThat(store.load("master-key")).isEmpty();
        assertThat(store.delete("master-key")).isFalse();
    }

    // --- Windows Credential Manager (PowerShell) ---

    @Test
    void powershellGetsTheScriptAndSecretOnStdinBehindAFixedBootstrap() {
        var runner = new ScriptedRunner(command -> ok("OK\r\n"));

        new CredentialManagerStore("powershell.exe", "myapp", runner).store("master-key", SECRET);

        var call = runner.calls.getFirst();
        assertThat(call.command().getFirst()).isEqualTo("powershell.exe");
        assertThat(call.command().subList(1, call.command().size()))
                .containsExactlyElementsOf(CredentialManagerStore.BOOTSTRAP);
        assertThat(call.stdin()).contains("CredWriteW").contains("[Convert]::FromBase64String('" + ENCODED + "')")
                .contains("'synckit:myapp:master-key'");
        runner.assertNoSecretInArguments();
    }

    @Test
    void powershellAnswersMapToResults() {
        var found = new CredentialManagerStore("powershell.exe", "myapp",
                new ScriptedRunner(command -> ok("FOUND " + ENCODED + "\r\n")));
        var absent = new CredentialManagerStore("powershell.exe", "myapp", new ScriptedRunner(c -> ok("ABSENT\r\n")));
        var deleted = new CredentialManagerStore("powershell.exe", "myapp", new ScriptedRunner(c -> ok("DELETED\r\n")));

        assertThat(found.load("master-key")).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
        assertThat(absent.load("master-key")).isEmpty();
        assertThat(absent.delete("master-key")).isFalse();
        assertThat(deleted.delete("master-key")).isTrue();
    }

    @Test
    void aFailedStoreNeverQuotesTheToolsOutputWhichMayEchoTheSecret() {
        var echoing = new ScriptedRunner(command -> exit(1,
                "At line:60 char:1\n+ $secret = [Convert]::FromBase64String('" + ENCODED + "')"));

        assertThatThrownBy(() -> new CredentialManagerStore("powershell.exe", "myapp", echoing).store("k", SECRET))
                .isInstanceOf(CryptoException.class).hasMessageNotContaining(ENCODED);
        assertThatThrownBy(() -> new SecretServiceStore("secret-tool", "myapp", echoing).store("k", SECRET))
                .isInstanceOf(CryptoException.class).hasMessageNotContaining(ENCODED);
        assertThatThrownBy(() -> new KeychainStore("myapp", echoing).store("k", SECRET))
                .isInstanceOf(CryptoException.class).hasMessageNotContaining(ENCODED);
    }

    @Test
    void everyBackendChecksNamesBeforeRunningAnything() {
        var runner = new ScriptedRunner(command -> ok(""));

        for (SecretStore store : List.of(new SecretServiceStore("secret-tool", "a", runner),
                new KeychainStore("a", runner), new CredentialManagerStore("powershell.exe", "a", runner))) {
            assertThatThrownBy(() -> store.store("x' ; rm -rf ~ ; '", SECRET))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(runner.calls).isEmpty();
    }
}
