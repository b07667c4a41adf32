package dev.synckit.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * How a workload runs: on which store, where its JSON line goes, its hard time limit, where progress is reported.
 * Immutable; build one with {@link #builder()}.
 */
public final class BenchSettings {

    /** The environment variable naming the PostgreSQL server for {@code --store postgres} (a JDBC URL). */
    public static final String POSTGRES_URL_ENV = "SYNCKIT_BENCH_PG_URL";
    /** The PostgreSQL maintenance database used when {@value #POSTGRES_URL_ENV} is not set. */
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final StoreKind store;
    private final String postgresUrl;
    private final @Nullable Path jsonFile;
    private final @Nullable Duration timeLimit;
    private final @Nullable Path workDir;
    private final List<String> serverJvmOptions;
    private final Consumer<String> progress;

    private BenchSettings(Builder b) {
        this.store = b.store;
        this.postgresUrl = b.postgresUrl;
        this.jsonFile = b.jsonFile;
        this.timeLimit = b.timeLimit;
        this.workDir = b.workDir;
        this.serverJvmOptions = b.serverJvmOptions;
        this.progress = b.progress;
    }

    /**
     * Returns a builder with the defaults: embedded SQLite store, no JSON file, the workload's own time limit, the
     * system's temporary directory, no progress output.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the server store to run on. */
    public StoreKind store() {
        return store;
    }

    /**
     * Returns the JDBC URL of the PostgreSQL maintenance database in which scratch databases are created for
     * {@link StoreKind#POSTGRES}.
     */
    public String postgresUrl() {
        return postgresUrl;
    }

    /** Returns the file a JSON line is appended to after each run, if any. */
    public Optional<Path> jsonFile() {
        return Optional.ofNullable(jsonFile);
    }

    /**
     * Returns the hard time limit of the whole run.
     *
     * @param workload the workload, whose default applies when none was set
     * @return the limit
     */
    public Duration timeLimit(Workload workload) {
        return timeLimit != null ? timeLimit : workload.defaultTimeLimit();
    }

    /** Returns the directory under which each run makes (and afterwards deletes) its own directory. */
    public Optional<Path> workDir() {
        return Optional.ofNullable(workDir);
    }

    /** Returns extra options for the server's JVM, for example a JFR recording. */
    public List<String> serverJvmOptions() {
        return serverJvmOptions;
    }

    /** Returns where progress lines go. */
    public Consumer<String> progress() {
        return progress;
    }

    /**
     * Builds {@link BenchSettings}. Not safe for concurrent use; setters check their argument at once.
     */
    public static final class Builder {

        private StoreKind store = StoreKind.SQLITE;
        private String postgresUrl = Objects.requireNonNullElse(System.getenv(POSTGRES_URL_ENV), DEFAULT_POSTGRES_URL);
        private @Nullable Path jsonFile;
        private @Nullable Duration timeLimit;
        private @Nullable Path workDir;
        private List<String> serverJvmOptions = List.of();
        private Consumer<String> progress = line -> { };

        private Builder() {
        }

        /**
         * Sets the server store.
         *
         * @param store the store kind
         * @return this builder
         */
        public Builder store(StoreKind store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the PostgreSQL server for {@link StoreKind#POSTGRES}: the JDBC URL of a database the user may connect
         * to, with the right to create databases; default {@value #POSTGRES_URL_ENV} or
         * {@value #DEFAULT_POSTGRES_URL}.
         *
         * @param jdbcUrl a {@code jdbc:postgresql://} URL
         * @return this builder
         * @throws IllegalArgumentException if it is not a {@code jdbc:postgresql://} URL
         */
        public Builder postgresUrl(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("postgresUrl must be a jdbc:postgresql:// URL");
            }
            this.postgresUrl = jdbcUrl;
            return this;
        }

        /**
         * Appends one JSON line per run to this file (created if missing).
         *
         * @param file the file, or null for none
         * @return this builder
         */
        public Builder jsonFile(@Nullable Path file) {
            this.jsonFile = file;
            return this;
        }

        /**
         * Sets the hard time limit of a whole run; a run that exceeds it is stopped and fails.
         *
         * @param limit 1 second to 24 hours, or null for the workload's default
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder timeLimit(@Nullable Duration limit) {
            if (limit != null && (limit.compareTo(Duration.ofSeconds(1)) < 0 || limit.compareTo(Duration.ofHours(24)) > 0)) {
                throw new IllegalArgumentException("timeLimit must be within 1 s..24 h: " + limit);
            }
            this.timeLimit = limit;
            return this;
        }

        /**
         * Sets the directory under which runs make their temporary directories.
         *
         * @param dir an existing directory, or null for the system's temporary directory
         * @return this builder
         */
        public Builder workDir(@Nullable Path dir) {
            this.workDir = dir;
            return this;
        }

        /**
         * Sets extra options for the server's JVM, for example
         * {@code -XX:StartFlightRecording=filename=server.jfr}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder serverJvmOptions(List<String> options) {
            this.serverJvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * Sets where progress lines go while a workload runs, for example standard error.
         *
         * @param progress called with one line at a time, from the workload's threads
         * @return this builder
         */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public BenchSettings build() {
            return new BenchSettings(this);
        }
    }
}
