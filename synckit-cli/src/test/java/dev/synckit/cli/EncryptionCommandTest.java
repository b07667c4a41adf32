package dev.synckit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.testkit.TestServer;

/**
 * {@code synckit client encryption new|unlock|change-password|reset}, in process against a real server: two demo
 * databases of one account sync encrypted, the recovery key is printed once, passwords come from files and are
 * never printed, a wrong password fails with a one-line error, and the key is kept between commands.
 */
class EncryptionCommandTest {

    static final Pattern RECOVERY_KEY = Pattern.compile("([0-9A-Z]{4}-){7}[0-9A-Z]{4}");

    @TempDir
    Path dir;
    TestServer server;
    String key;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start(dir.resolve("server"));
        key = server.createUserWithKey("alice");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    Run client(String device, String... command) {
        var args = new ArrayList<>(List.of("client", "--db", dir.resolve(device + ".db").toString(),
                "--server", server.uri().toString(), "--api-key", key));
        args.addAll(List.of(command));
        // options of the client command also work after the subcommand's name
        args.addAll(List.of("--secrets-dir", dir.resolve(device + "-secrets").toString()));
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    Run ok(String device, String... command) {
        var run = client(device, command);
        assertThat(run.exitCode()).as("%s: %s", String.join(" ", command), run.err()).isZero();
        return run;
    }

    Path secretFile(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content + "\n");
    }

    @Test
    void twoDemoDatabasesSyncEncryptedWithPasswordsFromFiles() throws Exception {
        var first = secretFile("first.txt", "first cli password");
        var second = secretFile("second.txt", "second cli password");
        ok("a", "init");
        ok("b", "init");

        var created = ok("a", "encryption", "new", "--password-file", first.toString()).out();
        ok("a", "add", "encrypted", "milk");
        ok("a", "sync");
        var locked = client("b", "sync");
        var wrong = client("b", "encryption", "unlock", "--password-file", second.toString());
        ok("b", "encryption", "unlock", "--password-file", first.toString());
        ok("b", "sync");
        var changed = ok("a", "encryption", "change-password", "--password-file", first.toString(),
                "--new-password-file", second.toString()).out();
        ok("c", "init");
        var oldFails = client("c", "encryption", "unlock", "--password-file", first.toString());
        ok("c", "encryption", "unlock", "--password-file", second.toString());

        var recovery = RECOVERY_KEY.matcher(created);
        assertThat(recovery.find()).as("the recovery key is printed: %s", created).isTrue();
        assertThat(created).doesNotContain("first cli password");
        assertThat(locked.exitCode()).isOne();
        assertThat(locked.err()).contains("no key");
        assertThat(wrong.exitCode()).isOne();
        assertThat(wrong.err()).contains("password does not unlock").doesNotContain("second cli password");
        assertThat(ok("b", "list").out()).contains("encrypted milk");
        assertThat(ok("b", "status").out()).contains("encryption:      unlocked");
        assertThat(changed).contains("password is changed").doesNotContain("cli password");
        assertThat(oldFails.exitCode()).isOne();
        assertThat(oldFails.err()).contains("password does not unlock");
        ok("c", "sync");
        assertThat(ok("c", "list").out()).contains("encrypted milk");

        var recoveryFile = secretFile("recovery.txt", recovery.group());
        var third = secretFile("third.txt", "third cli password");
        ok("d", "init");
        assertThat(ok("d", "encryption", "reset", "--recovery-key-file", recoveryFile.toString(),
                "--new-password-file", third.toString()).out()).contains("password is reset");
        ok("d", "sync");
        assertThat(ok("d", "list").out()).contains("encrypted milk");
    }
}
