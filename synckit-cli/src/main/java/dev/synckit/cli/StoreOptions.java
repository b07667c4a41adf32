package dev.synckit.cli;

import java.nio.file.Path;

import dev.synckit.server.ServerConfig;
import picocli.CommandLine.Option;

/**
 * The options that say where the server's store is; shared by {@code server} and {@code admin}, so both open the
 * same store: the embedded SQLite file under {@code --data-dir}, or the PostgreSQL database of
 * {@code --database-url} when one is given.
 */
final class StoreOptions {

    @Option(names = "--data-dir", defaultValue = "${env:SYNCKIT_DATA_DIR:-synckit-data}",
            description = "Directory of the embedded SQLite store (env SYNCKIT_DATA_DIR, default: ${DEFAULT-VALUE}); "
                    + "unused with --database-url.")
    Path dataDir;

    // Never ${DEFAULT-VALUE} in the description: the value may hold a password.
    @Option(names = "--database-url", defaultValue = "${env:SYNCKIT_DATABASE_URL}", paramLabel = "URL",
            description = "PostgreSQL database instead of the embedded store: postgresql://user:password@host:5432/db "
                    + "or jdbc:postgresql://host:5432/db?user=... (env SYNCKIT_DATABASE_URL; prefer the variable: "
                    + "arguments show up in ps). Default: none, the embedded SQLite store.")
    String databaseUrl;

    ServerConfig.Builder configBuilder() {
        return ServerConfig.builder().dataDir(dataDir).databaseUrl(databaseUrl);
    }
}
