package dev.synckit.tests.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.server.Admin;
import dev.synckit.server.ServerConfig;
import dev.synckit.testkit.PgDatabase;

/**
 * The {@code synckit} command on PostgreSQL, run as a real process: {@code admin} takes the database from
 * {@code --database-url} or {@code SYNCKIT_DATABASE_URL}, and help output never shows the URL's value.
 */
@Tag("postgres")
class PostgresCliTest {

    static PgDatabase db;

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void createDatabase() {
        db = PgDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void empty() {
        db.truncateAll();
    }

    Run synckit(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.synckit.cli.Main"));
        command.addAll(List.of(args));
        var out = dir.resolve("out-" + System.nanoTime());
        var err = dir.resolve("err-" + System.nanoTime());
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("SYNCKIT_DATABASE_URL");
        builder.environment().putAll(env);
        var process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("synckit " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void adminCommandsUseTheDatabaseFromTheEnvironmentOrTheOption() throws Exception {
        var created = synckit(Map.of("SYNCKIT_DATABASE_URL", db.jdbcUrl()), "admin", "create-user", "alice");
        var key = synckit(Map.of(), "admin", "create-api-key", "--database-url", db.jdbcUrl(), "alice");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(key.exitCode()).as(key.err()).isZero();
        assertThat(key.out().strip()).startsWith("sk_");
        var config = ServerConfig.builder().databaseUrl(db.jdbcUrl()).dataDir(dir.resolve("unused")).build();
        try (var admin = Admin.open(config)) {
            assertThat(admin.listApiKeys("alice")).hasSize(1);
        }
        assertThat(dir.resolve("synckit-data")).as("no embedded store was created").doesNotExist();
    }

    @Test
    void anInvalidDatabaseUrlIsRefusedWithTheRuleAndWithoutThePassword() throws Exception {
        var run = synckit(Map.of("SYNCKIT_DATABASE_URL", "mysql://root:hunter2@db/sync"), "admin", "list-api-keys");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("postgresql://user:password@host:5432/database").doesNotContain("hunter2");
    }

    @Test
    void helpListsTheDatabaseOptionsWithoutShowingTheUrlsValue() throws Exception {
        var run = synckit(Map.of("SYNCKIT_DATABASE_URL", "postgresql://u:hunter2@db/sync"), "server", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--database-url", "SYNCKIT_DATABASE_URL", "--database-pool-size",
                "--max-ops-per-push").doesNotContain("hunter2");
    }
}
