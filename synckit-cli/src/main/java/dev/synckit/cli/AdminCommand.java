package dev.synckit.cli;

import java.util.concurrent.Callable;

import dev.synckit.server.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code synckit admin …}: accounts and API keys, on the same store the server uses (it may be running). */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage users and API keys.",
        subcommands = {AdminCommand.CreateUser.class, AdminCommand.CreateApiKey.class,
            AdminCommand.ListApiKeys.class, AdminCommand.RevokeApiKey.class})
final class AdminCommand {

    @Command(name = "create-user", mixinStandardHelpOptions = true, description = "Create a user.")
    static final class CreateUser implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "User name: 1-64 of [A-Za-z0-9._-].")
        String name;

        @Override
        public Integer call() {
            try (var admin = Admin.open(store.configBuilder().build())) {
                var id = admin.createUser(name);
                spec.commandLine().getOut().println("created user " + name + " (" + id + ")");
            }
            return 0;
        }
    }

    @Command(name = "create-api-key", mixinStandardHelpOptions = true,
            description = "Create an API key for a user. The key is printed once; only its hash is stored.")
    static final class CreateApiKey implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", description = "The user the key acts for.")
        String user;

        @Override
        public Integer call() {
            try (var admin = Admin.open(store.configBuilder().build())) {
                var key = admin.createApiKey(user);
                spec.commandLine().getErr().println("API key " + key.keyId() + " for " + user
                        + " (shown once; store it now, e.g. export SYNCKIT_API_KEY=...):");
                spec.commandLine().getOut().println(key.secret());
            }
            return 0;
        }
    }

    @Command(name = "list-api-keys", mixinStandardHelpOptions = true, description = "List API keys (never secrets).")
    static final class ListApiKeys implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Spec
        CommandSpec spec;

        @Option(names = "--user", description = "Only this user's keys.")
        String user;

        @Override
        public Integer call() {
            try (var admin = Admin.open(store.configBuilder().build())) {
                spec.commandLine().getOut().printf("%-16s %-20s %-24s %s%n", "KEY ID", "USER", "CREATED", "REVOKED");
                for (var k : admin.listApiKeys(user)) {
                    spec.commandLine().getOut().printf("%-16s %-20s %-24s %s%n", k.keyId(), k.userName(), k.createdAt(),
                            k.revokedAt().map(Object::toString).orElse("-"));
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke-api-key", mixinStandardHelpOptions = true, description = "Revoke an API key.")
    static final class RevokeApiKey implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "KEY_ID", description = "The key id shown by list-api-keys.")
        String keyId;

        @Override
        public Integer call() {
            try (var admin = Admin.open(store.configBuilder().build())) {
                if (!admin.revokeApiKey(keyId)) {
                    spec.commandLine().getErr().println("no active API key with id " + keyId);
                    return 1;
                }
                spec.commandLine().getOut().println("revoked " + keyId);
            }
            return 0;
        }
    }
}
