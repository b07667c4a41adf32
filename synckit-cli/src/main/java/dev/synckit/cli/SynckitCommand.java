package dev.synckit.cli;

import picocli.CommandLine.Command;

/** The {@code synckit} command and its subcommands. */
@Command(name = "synckit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "SyncKit for Java: offline-first sync for SQLite apps.",
        subcommands = {ServerCommand.class, AdminCommand.class, ClientCommand.class, BenchCommand.class})
final class SynckitCommand {
}
