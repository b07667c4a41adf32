package dev.synckit.cli;

import java.util.concurrent.Callable;

import dev.synckit.server.SyncServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synckit server}: runs the sync server until the process is stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start the sync server (embedded SQLite store, zero setup).")
final class ServerCommand implements Callable<Integer> {

    /** Exit code meaning "the server is running; do not exit the JVM". */
    static final int KEEP_RUNNING = -1;

    @Mixin
    StoreOptions store;

    @Option(names = "--host", defaultValue = "${env:SYNCKIT_HOST:-127.0.0.1}",
            description = "Interface to listen on (env SYNCKIT_HOST, default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:SYNCKIT_PORT:-8787}",
            description = "Port to listen on, 0 for a random one (env SYNCKIT_PORT, default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() {
        var server = SyncServer.start(store.configBuilder().host(host).port(port).build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "synckit-shutdown"));
        System.out.println("SyncKit server listening on " + server.baseUri() + " (data: "
                + store.dataDir.toAbsolutePath().normalize() + ")");
        return KEEP_RUNNING;
    }
}
