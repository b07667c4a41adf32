package dev.synckit.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.synckit.client.SyncEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code synckit client encryption …}: end-to-end encryption of the demo database's account. Passwords come from a
 * file ({@code --password-file}), an environment variable ({@code SYNCKIT_PASSWORD}, {@code SYNCKIT_NEW_PASSWORD})
 * or the console without echo; they are never printed. The master key is kept in the secret store of
 * {@code --secrets-dir} (or the OS keychain), so later commands on the same database unlock by themselves.
 */
@Command(name = "encryption", mixinStandardHelpOptions = true,
        description = "End-to-end encryption: set it up, unlock this device, change or reset the password.",
        subcommands = {EncryptionCommand.New.class, EncryptionCommand.Unlock.class,
            EncryptionCommand.ChangePassword.class, EncryptionCommand.Reset.class})
final class EncryptionCommand {

    @ParentCommand
    ClientCommand parent;

    @Option(names = "--password-file", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Read the (current) encryption password from the first line of FILE; else env "
                    + "SYNCKIT_PASSWORD; else the console asks without echo.")
    Path passwordFile;

    ClientOptions opts() {
        return parent.opts;
    }

    char[] password(boolean confirm) {
        return PasswordInput.read(passwordFile, "SYNCKIT_PASSWORD", "encryption password", confirm);
    }

    static void wipe(char[] secret) {
        Arrays.fill(secret, '\0');
    }

    /** Opens the configured engine, runs the action and prints what it returns; wipes the secrets whatever happens. */
    int withEngine(Function<SyncEngine, String> action, char[]... secrets) {
        try (var engine = opts().openConfiguredEngine()) {
            opts().out().println(action.apply(engine));
            return 0;
        } finally {
            for (var secret : secrets) {
                wipe(secret);
            }
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "First device: set up encryption for the account and print the recovery key once.")
    static final class New implements Callable<Integer> {
        @ParentCommand
        EncryptionCommand parent;

        @Override
        public Integer call() {
            var password = parent.password(true);
            return parent.withEngine(engine -> {
                var recoveryKey = engine.setupEncryptionNew(password);
                return "end-to-end encryption is set up; this device is unlocked" + System.lineSeparator()
                        + "recovery key (shown once, write it down): " + recoveryKey;
            }, password);
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Another device: unlock encryption with the account's encryption password.")
    static final class Unlock implements Callable<Integer> {
        @ParentCommand
        EncryptionCommand parent;

        @Override
        public Integer call() {
            var password = parent.password(false);
            return parent.withEngine(engine -> {
                engine.setupEncryptionExisting(password);
                return "this device is unlocked";
            }, password);
        }
    }

    @Command(name = "change-password", mixinStandardHelpOptions = true,
            description = "Change the encryption password (no data is re-encrypted).")
    static final class ChangePassword implements Callable<Integer> {
        @ParentCommand
        EncryptionCommand parent;

        @Option(names = "--new-password-file", paramLabel = "FILE",
                description = "Read the new password from the first line of FILE; else env SYNCKIT_NEW_PASSWORD; "
                        + "else the console asks twice without echo.")
        Path newPasswordFile;

        @Override
        public Integer call() {
            var oldPassword = parent.password(false);
            var newPassword = PasswordInput.read(newPasswordFile, "SYNCKIT_NEW_PASSWORD", "new encryption password",
                    true);
            return parent.withEngine(engine -> {
                engine.changePassword(oldPassword, newPassword);
                return "the encryption password is changed; other devices keep their key";
            }, oldPassword, newPassword);
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Forgotten password: set a new one with the recovery key, and unlock this device.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        EncryptionCommand parent;

        @Option(names = "--recovery-key-file", paramLabel = "FILE",
                description = "Read the recovery key from the first line of FILE; else env SYNCKIT_RECOVERY_KEY; "
                        + "else the console asks without echo.")
        Path recoveryKeyFile;

        @Option(names = "--new-password-file", paramLabel = "FILE",
                description = "Read the new password from the first line of FILE; else env SYNCKIT_NEW_PASSWORD; "
                        + "else the console asks twice without echo.")
        Path newPasswordFile;

        @Override
        public Integer call() {
            var recoveryKey = PasswordInput.read(recoveryKeyFile, "SYNCKIT_RECOVERY_KEY", "recovery key", false);
            var newPassword = PasswordInput.read(newPasswordFile, "SYNCKIT_NEW_PASSWORD", "new encryption password",
                    true);
            return parent.withEngine(engine -> {
                engine.resetPassword(new String(recoveryKey), newPassword);
                return "the encryption password is reset; this device is unlocked";
            }, recoveryKey, newPassword);
        }
    }
}
