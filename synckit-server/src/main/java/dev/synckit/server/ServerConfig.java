package dev.synckit.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.synckit.server.internal.store.Stores;
import dev.synckit.server.internal.store.postgres.PostgresUrl;

/**
 * The settings of a {@link SyncServer} (and of {@link Admin}, which only uses the store settings).
 *
 * <p>Build one with {@link #builder()}; every setter checks its argument at once and {@link Builder#build()}
 * cross-checks the limits, so a {@code ServerConfig} that exists is valid. Instances are immutable and safe for
 * concurrent use.
 *
 * {@snippet :
 * var config = ServerConfig.builder()
 *         .host("0.0.0.0")
 *         .port(8787)
 *         .dataDir(Path.of("/var/lib/synckit"))
 *         .build();
 * }
 *
 * <p><b>Store.</b> Without a {@linkplain Builder#databaseUrl(String) database URL} the store is the embedded SQLite
 * file {@code <dataDir>/synckit.db} (plus its {@code -wal} and {@code -shm} files); the directory is created when
 * the server or admin opens it. With one, the store is that PostgreSQL database, and the data directory is unused:
 *
 * {@snippet :
 * var config = ServerConfig.builder()
 *         .databaseUrl(System.getenv("SYNCKIT_DATABASE_URL")) // postgresql://synckit:secret@db:5432/synckit
 *         .databasePoolSize(20)
 *         .build();
 * }
 *
 * <p>{@link #toString()} shows the database URL without its password.
 *
 * @since 0.1
 */
public final class ServerConfig {

    /** The default interface: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8787;
    /** The default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("synckit-data");
    /** The default largest request body: 8 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** The default largest number of ops in one push. */
    public static final int DEFAULT_MAX_OPS_PER_PUSH = 5000;
    /** The default largest encoded size of one op's fields: 256 KiB. */
    public static final int DEFAULT_MAX_OP_BYTES = 256 * 1024;
    /** The default number of ops in a pull page when the request gives no {@code limit}. */
    public static final int DEFAULT_PULL_LIMIT = 500;
    /** The default largest {@code limit} of a pull. */
    public static final int DEFAULT_MAX_PULL_LIMIT = 5000;

    /** The default largest number of frames waiting to be sent on one realtime WebSocket. */
    public static final int DEFAULT_REALTIME_QUEUE_FRAMES = 256;
    /** The default largest size of the frames waiting to be sent on one realtime WebSocket: 4 MiB. */
    public static final long DEFAULT_REALTIME_QUEUE_BYTES = 4L * 1024 * 1024;
    /** The smallest accepted {@code realtimeQueueBytes}: 64 KiB. */
    public static final long MIN_REALTIME_QUEUE_BYTES = 64L * 1024;
    /** The default time between two writes of the acknowledged device cursors kept in memory. */
    public static final Duration DEFAULT_ACK_FLUSH_INTERVAL = Duration.ofSeconds(5);

    /** The smallest accepted {@code maxBodyBytes}. */
    public static final long MIN_BODY_BYTES = 1024;
    /** The largest accepted {@code maxBodyBytes}: 1 GiB. */
    public static final long MAX_BODY_BYTES = 1024L * 1024 * 1024;
    /** The default number of pooled PostgreSQL connections. */
    public static final int DEFAULT_DATABASE_POOL_SIZE = 10;
    /** The largest accepted {@code databasePoolSize}. */
    public static final int MAX_DATABASE_POOL_SIZE = 1000;
    /** The largest accepted {@code maxOpsPerPush} and {@code maxPullLimit}. */
    public static final int MAX_BATCH = 100_000;
    /** The smallest accepted {@code maxOpBytes}. */
    public static final int MIN_OP_BYTES = 64;

    private final String host;
    private final int port;
    private final Path dataDir;
    private final @Nullable String databaseUrl;
    private final @Nullable PostgresUrl database;
    private final int databasePoolSize;
    private final long maxBodyBytes;
    private final int maxOpsPerPush;
    private final int maxOpBytes;
    private final int defaultPullLimit;
    private final int maxPullLimit;
    private final int realtimeQueueFrames;
    private final long realtimeQueueBytes;
    private final Duration ackFlushInterval;
    private final Clock clock;

    private ServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.databaseUrl = b.databaseUrl;
        this.database = b.database;
        this.databasePoolSize = b.databasePoolSize;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxOpsPerPush = b.maxOpsPerPush;
        this.maxOpBytes = b.maxOpBytes;
        this.defaultPullLimit = b.defaultPullLimit;
        this.maxPullLimit = b.maxPullLimit;
        this.realtimeQueueFrames = b.realtimeQueueFrames;
        this.realtimeQueueBytes = b.realtimeQueueBytes;
        this.ackFlushInterval = b.ackFlushInterval;
        this.clock = b.clock;
    }

    /**
     * Returns a builder with every setting at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the interface the server listens on, default {@value #DEFAULT_HOST}. */
    public String host() {
        return host;
    }

    /** Returns the port the server listens on, {@code 0} for a random free port; default {@value #DEFAULT_PORT}. */
    public int port() {
        return port;
    }

    /** Returns the directory of the embedded store, default {@code synckit-data}; unused with a database URL. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Returns the PostgreSQL URL as it was set, or empty for the embedded SQLite store (the default).
     *
     * @apiNote The URL may contain a password: never log it; {@link #toString()} shows it without.
     * @return the URL, validated
     */
    public Optional<String> databaseUrl() {
        return Optional.ofNullable(databaseUrl);
    }

    /**
     * Describes the configured store for logs and messages, never with a password: for example
     * {@code PostgreSQL postgresql://synckit@db:5432/synckit} or {@code SQLite /var/lib/synckit/synckit.db}.
     *
     * @return the description
     */
    public String storeDescription() {
        return database != null ? "PostgreSQL " + database
                : "SQLite " + dataDir.resolve(Stores.SQLITE_FILE).toAbsolutePath().normalize();
    }

    /** Returns the most PostgreSQL connections the server opens, default {@value #DEFAULT_DATABASE_POOL_SIZE}. */
    public int databasePoolSize() {
        return databasePoolSize;
    }

    /** Returns the largest accepted request body in bytes, default 8 MiB. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Returns the largest number of ops in one push, default {@value #DEFAULT_MAX_OPS_PER_PUSH}. */
    public int maxOpsPerPush() {
        return maxOpsPerPush;
    }

    /** Returns the largest encoded JSON size in bytes of one op's {@code fields}, default 256 KiB. */
    public int maxOpBytes() {
        return maxOpBytes;
    }

    /** Returns the page size of a pull without {@code limit}, default {@value #DEFAULT_PULL_LIMIT}. */
    public int defaultPullLimit() {
        return defaultPullLimit;
    }

    /** Returns the largest {@code limit} a pull may ask for, default {@value #DEFAULT_MAX_PULL_LIMIT}. */
    public int maxPullLimit() {
        return maxPullLimit;
    }

    /**
     * Returns the most frames that may wait to be sent on one realtime WebSocket, default
     * {@value #DEFAULT_REALTIME_QUEUE_FRAMES}. A connection whose queue is full gets its queued deltas replaced by
     * {@code catch_up} frames, and is closed if it is still full after that.
     */
    public int realtimeQueueFrames() {
        return realtimeQueueFrames;
    }

    /**
     * Returns the most characters of frames that may wait to be sent on one realtime WebSocket, default 4 MiB. An
     * {@code ops} frame carries at most a quarter of it (more ops at once are a {@code catch_up}).
     */
    public long realtimeQueueBytes() {
        return realtimeQueueBytes;
    }

    /**
     * Returns how often the acknowledged device cursors that realtime clients sent are written to the store, default
     * 5 seconds; they are also written when the client disconnects and when the server stops.
     */
    public Duration ackFlushInterval() {
        return ackFlushInterval;
    }

    /** Returns the clock used for timestamps (device registration, API keys), default the system UTC clock. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        String store = database == null ? "dataDir=" + dataDir
                : "databaseUrl=" + database + ", databasePoolSize=" + databasePoolSize;
        return "ServerConfig[host=" + host + ", port=" + port + ", " + store
                + ", maxBodyBytes=" + maxBodyBytes + ", maxOpsPerPush=" + maxOpsPerPush + ", maxOpBytes=" + maxOpBytes
                + ", defaultPullLimit=" + defaultPullLimit + ", maxPullLimit=" + maxPullLimit
                + ", realtimeQueueFrames=" + realtimeQueueFrames + ", realtimeQueueBytes=" + realtimeQueueBytes
                + ", ackFlushInterval=" + ackFlushInterval + "]";
    }

    /**
     * Builds a {@link ServerConfig}. Mutable and not safe for concurrent use; each setter validates its argument
     * and throws {@link IllegalArgumentException} (or {@link NullPointerException} for {@code null}) with a message
     * that states the rule.
     *
     * @since 0.1
     */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDir = DEFAULT_DATA_DIR;
        private @Nullable String databaseUrl;
        private @Nullable PostgresUrl database;
        private int databasePoolSize = DEFAULT_DATABASE_POOL_SIZE;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxOpsPerPush = DEFAULT_MAX_OPS_PER_PUSH;
        private int maxOpBytes = DEFAULT_MAX_OP_BYTES;
        private int defaultPullLimit = DEFAULT_PULL_LIMIT;
        private int maxPullLimit = DEFAULT_MAX_PULL_LIMIT;
        private int realtimeQueueFrames = DEFAULT_REALTIME_QUEUE_FRAMES;
        private long realtimeQueueBytes = DEFAULT_REALTIME_QUEUE_BYTES;
        private Duration ackFlushInterval = DEFAULT_ACK_FLUSH_INTERVAL;
        private Clock clock = Clock.system(ZoneOffset.UTC);

        private Builder() {
        }

        /**
         * Sets the interface to listen on, for example {@code 127.0.0.1} or {@code 0.0.0.0}.
         *
         * @param host a host name or address, not blank
         * @return this builder
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the port to listen on.
         *
         * @param port {@code 0..65535}; {@code 0} picks a random free port (see {@link SyncServer#port()})
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be within 0..65535 (0 = random): " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the directory of the embedded store; it is created if missing.
         *
         * @param dataDir the directory
         * @return this builder
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * Sets the PostgreSQL database to use instead of the embedded SQLite store. Accepted forms:
         * {@code postgresql://user:password@host:5432/database?param=value} (libpq's URI form; also
         * {@code postgres://}; user and password percent-encoded) and
         * {@code jdbc:postgresql://host:5432/database?user=...&password=...}. Query parameters are PostgreSQL
         * JDBC driver properties, for example {@code sslmode=verify-full}.
         *
         * @param url the URL, or null (or blank) for the embedded SQLite store
         * @return this builder
         * @throws IllegalArgumentException if the URL is not one of these forms, names no host or no database, or
         *         has a malformed port; the message never repeats the URL
         */
        public Builder databaseUrl(@Nullable String url) {
            if (url == null || url.isBlank()) {
                this.databaseUrl = null;
                this.database = null;
            } else {
                this.database = PostgresUrl.parse(url);
                this.databaseUrl = url.strip();
            }
            return this;
        }

        /**
         * Sets the most connections the server opens to PostgreSQL. Each server process has its own pool; keep the
         * sum over all processes below the database's {@code max_connections}. Unused with the SQLite store.
         *
         * @param size {@code 1..}{@value #MAX_DATABASE_POOL_SIZE}
         * @return this builder
         */
        public Builder databasePoolSize(int size) {
            if (size < 1 || size > MAX_DATABASE_POOL_SIZE) {
                throw new IllegalArgumentException("databasePoolSize must be within 1.." + MAX_DATABASE_POOL_SIZE
                        + ": " + size);
            }
            this.databasePoolSize = size;
            return this;
        }

        /**
         * Sets the largest accepted request body. Larger bodies are refused with {@code 413 payload_too_large}.
         *
         * @param bytes {@value #MIN_BODY_BYTES} to 1 GiB
         * @return this builder
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < MIN_BODY_BYTES || bytes > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("maxBodyBytes must be within " + MIN_BODY_BYTES + ".."
                        + MAX_BODY_BYTES + ": " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Sets the largest number of ops in one push. More are refused with {@code 413 batch_too_large}.
         *
         * @param ops {@code 1..}{@value #MAX_BATCH}
         * @return this builder
         */
        public Builder maxOpsPerPush(int ops) {
            this.maxOpsPerPush = requireBatch("maxOpsPerPush", ops);
            return this;
        }

        /**
         * Sets the largest encoded JSON size of one op's {@code fields}. A larger op is refused with
         * {@code 413 batch_too_large}. Must not exceed {@link #maxBodyBytes(long) maxBodyBytes}.
         *
         * @param bytes at least {@value #MIN_OP_BYTES}
         * @return this builder
         */
        public Builder maxOpBytes(int bytes) {
            if (bytes < MIN_OP_BYTES) {
                throw new IllegalArgumentException("maxOpBytes must be at least " + MIN_OP_BYTES + ": " + bytes);
            }
            this.maxOpBytes = bytes;
            return this;
        }

        /**
         * Sets the page size of a pull that gives no {@code limit}. Must not exceed
         * {@link #maxPullLimit(int) maxPullLimit}.
         *
         * @param ops {@code 1..}{@value #MAX_BATCH}
         * @return this builder
         */
        public Builder defaultPullLimit(int ops) {
            this.defaultPullLimit = requireBatch("defaultPullLimit", ops);
            return this;
        }

        /**
         * Sets the largest {@code limit} a pull may ask for; a larger one is refused with {@code 400 bad_request}.
         *
         * @param ops {@code 1..}{@value #MAX_BATCH}
         * @return this builder
         */
        public Builder maxPullLimit(int ops) {
            this.maxPullLimit = requireBatch("maxPullLimit", ops);
            return this;
        }

        /**
         * Sets the most frames that may wait to be sent on one realtime WebSocket. A slow client whose queue is full
         * gets {@code catch_up} frames instead of its queued deltas (it pulls over HTTP), and is closed with
         * {@code 1008} if it still does not drain.
         *
         * @param frames {@code 4..}{@value #MAX_BATCH}
         * @return this builder
         */
        public Builder realtimeQueueFrames(int frames) {
            if (frames < 4 || frames > MAX_BATCH) {
                throw new IllegalArgumentException("realtimeQueueFrames must be within 4.." + MAX_BATCH + ": "
                        + frames);
            }
            this.realtimeQueueFrames = frames;
            return this;
        }

        /**
         * Sets the most characters of frames that may wait to be sent on one realtime WebSocket; an {@code ops}
         * frame carries at most a quarter of it.
         *
         * @param bytes 64 KiB to 1 GiB
         * @return this builder
         */
        public Builder realtimeQueueBytes(long bytes) {
            if (bytes < MIN_REALTIME_QUEUE_BYTES || bytes > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("realtimeQueueBytes must be within " + MIN_REALTIME_QUEUE_BYTES
                        + ".." + MAX_BODY_BYTES + ": " + bytes);
            }
            this.realtimeQueueBytes = bytes;
            return this;
        }

        /**
         * Sets how often acknowledged device cursors are written to the store. Shorter means fresher cursors for
         * compaction after a crash, longer means fewer writes.
         *
         * @param interval 10 milliseconds to 10 minutes
         * @return this builder
         */
        public Builder ackFlushInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("ackFlushInterval must be within 10 ms..10 min: " + interval);
            }
            this.ackFlushInterval = interval;
            return this;
        }

        /**
         * Sets the clock used for timestamps. Tests pass a fake clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Cross-checks the settings and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if {@code maxOpBytes > maxBodyBytes} or
         *         {@code defaultPullLimit > maxPullLimit}
         */
        public ServerConfig build() {
            if (maxOpBytes > maxBodyBytes) {
                throw new IllegalArgumentException("maxOpBytes (" + maxOpBytes + ") must not exceed maxBodyBytes ("
                        + maxBodyBytes + ")");
            }
            if (defaultPullLimit > maxPullLimit) {
                throw new IllegalArgumentException("defaultPullLimit (" + defaultPullLimit
                        + ") must not exceed maxPullLimit (" + maxPullLimit + ")");
            }
            return new ServerConfig(this);
        }

        private static int requireBatch(String what, int value) {
            if (value < 1 || value > MAX_BATCH) {
                throw new IllegalArgumentException(what + " must be within 1.." + MAX_BATCH + ": " + value);
            }
            return value;
        }
    }
}
