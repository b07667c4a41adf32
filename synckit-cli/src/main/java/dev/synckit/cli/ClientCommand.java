package dev.synckit.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code synckit client …}: a demo app with a {@code todos} table, to watch two databases converge through a
 * server. Local commands write with plain SQL; {@code sync} pushes and pulls.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Demo client: a todo list in a SQLite file, synced through a SyncKit server.",
        subcommands = {ClientCommand.Init.class, ClientCommand.Add.class, ClientCommand.Done.class,
            ClientCommand.Rename.class, ClientCommand.Remove.class, ClientCommand.ListTodos.class,
            ClientCommand.Sync.class, ClientCommand.Status.class, WatchCommand.class, EncryptionCommand.class})
final class ClientCommand {

    /** Shared by every subcommand; accepted before or after the subcommand's name. */
    @Mixin
    ClientOptions opts;

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the todos table if missing, install sync and register this device.")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() throws Exception {
            try (var app = new TodoApp(parent.opts.db)) {
                app.createTableIfMissing();
            }
            try (var engine = parent.opts.openEngine()) {
                if (parent.opts.apiKey == null || parent.opts.apiKey.isBlank()) {
                    parent.opts.out().println("sync installed in " + parent.opts.db + " (no API key yet: device not registered)");
                } else {
                    parent.opts.out().println("sync installed in " + parent.opts.db + "; device " + engine.registerDevice());
                }
            }
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a todo (local write, plain SQL).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "TITLE", arity = "1..*", description = "The title.")
        java.util.List<String> words;

        @Override
        public Integer call() throws Exception {
            try (var app = parent.opts.openApp()) {
                parent.opts.out().println("added " + app.add(String.join(" ", words)));
            }
            return 0;
        }
    }

    @Command(name = "done", mixinStandardHelpOptions = true, description = "Mark a todo done (id or id prefix).")
    static final class Done implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "ID", description = "The todo's id or a unique prefix of it.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (var app = parent.opts.openApp()) {
                app.setDone(id, true);
                parent.opts.out().println("done " + app.resolve(id));
            }
            return 0;
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Change a todo's title.")
    static final class Rename implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "The todo's id or a unique prefix of it.")
        String id;

        @Parameters(index = "1..*", paramLabel = "TITLE", arity = "1..*", description = "The new title.")
        java.util.List<String> words;

        @Override
        public Integer call() throws Exception {
            try (var app = parent.opts.openApp()) {
                app.rename(id, String.join(" ", words));
                parent.opts.out().println("renamed " + app.resolve(id));
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a todo.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "ID", description = "The todo's id or a unique prefix of it.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (var app = parent.opts.openApp()) {
                var full = app.resolve(id);
                app.remove(full);
                parent.opts.out().println("removed " + full);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the todos.")
    static final class ListTodos implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() throws Exception {
            try (var app = parent.opts.openApp()) {
                for (var t : app.list()) {
                    parent.opts.out().printf("%s  [%s]  %s%n", t.id().substring(0, 8), t.done() ? "x" : " ", t.title());
                }
            }
            return 0;
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, description = "Push local changes, pull remote ones.")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() {
            try (var engine = parent.opts.openConfiguredEngine()) {
                var r = engine.sync();
                parent.opts.out().printf("pushed %d (duplicate %d, superseded %d, rejected %d), pulled %d, applied %d%n",
                        r.pushed(), r.duplicate(), r.superseded(), r.rejected(), r.pulled(), r.applied());
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the sync status.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() {
            try (var engine = parent.opts.openEngine()) {
                var s = engine.status();
                parent.opts.out().println("configured:      " + s.configured());
                parent.opts.out().println("device:          " + s.deviceId().map(Object::toString).orElse("-"));
                parent.opts.out().println("space:           " + s.spaceId().map(Object::toString).orElse("-"));
                parent.opts.out().println("pending changes: " + s.pendingChanges());
                parent.opts.out().println("encryption:      " + s.encryption().name().toLowerCase(Locale.ROOT));
                parent.opts.out().println("last success:    " + s.lastSuccess().map(Object::toString).orElse("-"));
                parent.opts.out().println("last failure:    " + s.lastFailure().map(Object::toString).orElse("-")
                        + s.lastError().map(e -> " (" + e + ")").orElse(""));
            }
            return 0;
        }
    }
}
