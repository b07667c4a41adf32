package dev.synckit.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.synckit.server.ServerConfig;
import dev.synckit.server.SyncServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code synckit server}: runs the sync server until the process is stopped. Every setting has an option and an
 * environment variable ({@code docs/CONFIG.md}); options win over variables.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start the sync server (embedded SQLite store with zero setup, or PostgreSQL with "
                + "--database-url).")
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

    @Option(names = "--database-pool-size", defaultValue = "${env:SYNCKIT_DATABASE_POOL_SIZE:-10}",
            description = "Most PostgreSQL connections of this process (env SYNCKIT_DATABASE_POOL_SIZE, "
                    + "default: ${DEFAULT-VALUE}).")
    int databasePoolSize;

    @Option(names = "--max-body-bytes", defaultValue = "${env:SYNCKIT_MAX_BODY_BYTES:-8388608}",
            description = "Largest request body (env SYNCKIT_MAX_BODY_BYTES, default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-ops-per-push", defaultValue = "${env:SYNCKIT_MAX_OPS_PER_PUSH:-5000}",
            description = "Most ops in one push (env SYNCKIT_MAX_OPS_PER_PUSH, default: ${DEFAULT-VALUE}).")
    int maxOpsPerPush;

    @Option(names = "--max-op-bytes", defaultValue = "${env:SYNCKIT_MAX_OP_BYTES:-262144}",
            description = "Largest encoded fields of one op (env SYNCKIT_MAX_OP_BYTES, default: ${DEFAULT-VALUE}).")
    int maxOpBytes;

    @Option(names = "--default-pull-limit", defaultValue = "${env:SYNCKIT_DEFAULT_PULL_LIMIT:-500}",
            description = "Page size of a pull without limit (env SYNCKIT_DEFAULT_PULL_LIMIT, "
                    + "default: ${DEFAULT-VALUE}).")
    int defaultPullLimit;

    @Option(names = "--max-pull-limit", defaultValue = "${env:SYNCKIT_MAX_PULL_LIMIT:-5000}",
            description = "Largest limit a pull may ask for (env SYNCKIT_MAX_PULL_LIMIT, default: ${DEFAULT-VALUE}).")
    int maxPullLimit;

    @Option(names = "--realtime-queue-frames", defaultValue = "${env:SYNCKIT_REALTIME_QUEUE_FRAMES:-256}",
            description = "Most frames waiting to be sent on one realtime WebSocket "
                    + "(env SYNCKIT_REALTIME_QUEUE_FRAMES, default: ${DEFAULT-VALUE}).")
    int realtimeQueueFrames;

    @Option(names = "--realtime-queue-bytes", defaultValue = "${env:SYNCKIT_REALTIME_QUEUE_BYTES:-4194304}",
            description = "Most characters of frames waiting on one realtime WebSocket "
                    + "(env SYNCKIT_REALTIME_QUEUE_BYTES, default: ${DEFAULT-VALUE}).")
    long realtimeQueueBytes;

    @Option(names = "--ack-flush-interval", defaultValue = "${env:SYNCKIT_ACK_FLUSH_INTERVAL:-PT5S}",
            description = "How often acknowledged device cursors are written, ISO-8601 "
                    + "(env SYNCKIT_ACK_FLUSH_INTERVAL, default: ${DEFAULT-VALUE}).")
    Duration ackFlushInterval;

    @Override
    public Integer call() {
        var config = config();
        var server = SyncServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "synckit-shutdown"));
        System.out.println("SyncKit server listening on " + server.baseUri() + " (store: "
                + config.storeDescription() + ")");
        return KEEP_RUNNING;
    }

    ServerConfig config() {
        return store.configBuilder().host(host).port(port).databasePoolSize(databasePoolSize)
                .maxBodyBytes(maxBodyBytes).maxOpsPerPush(maxOpsPerPush).maxOpBytes(maxOpBytes)
                .defaultPullLimit(defaultPullLimit).maxPullLimit(maxPullLimit).realtimeQueueFrames(realtimeQueueFrames)
                .realtimeQueueBytes(realtimeQueueBytes).ackFlushInterval(ackFlushInterval).build();
    }
}
