package dev.synckit.cli;

import java.nio.file.Path;

import dev.synckit.server.ServerConfig;
import picocli.CommandLine.Option;

/** The options that say where the server's store is; shared by {@code server} and {@code admin}. */
final class StoreOptions {

    @Option(names = "--data-dir", defaultValue = "${env:SYNCKIT_DATA_DIR:-synckit-data}",
            description = "Directory of the embedded store (env SYNCKIT_DATA_DIR, default: ${DEFAULT-VALUE}).")
    Path dataDir;

    ServerConfig.Builder configBuilder() {
        return ServerConfig.builder().dataDir(dataDir);
    }
}
