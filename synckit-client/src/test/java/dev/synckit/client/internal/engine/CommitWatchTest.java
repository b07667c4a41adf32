package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real file, a real second connection: its commits are hinted; a closed registration hears nothing more. */
class CommitWatchTest {

    @TempDir
    Path dir;

    private static void commit(Path file, String sql) throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute(sql);
        }
    }

    @Test
    void anotherConnectionsCommitIsHintedAndAClosedRegistrationHearsNothingMore() throws Exception {
        assumeThat(System.getProperty("os.name")).as("inotify-backed watch service").startsWith("Linux");
        var app = dir.resolve("app.db");
        var other = dir.resolve("other.db");
        commit(app, "CREATE TABLE t (x)");
        commit(other, "CREATE TABLE t (x)");
        var appHints = new AtomicInteger();
        var otherHints = new AtomicInteger();
        var registration = CommitWatch.register(app, appHints::incrementAndGet).orElseThrow();
        try (var otherRegistration = CommitWatch.register(other, otherHints::incrementAndGet).orElseThrow()) {

            commit(app, "INSERT INTO t VALUES (1)");
            await().atMost(Duration.ofSeconds(10)).until(() -> appHints.get() > 0);

            registration.close();
            int heard = appHints.get();
            commit(app, "INSERT INTO t VALUES (2)");
            commit(other, "INSERT INTO t VALUES (1)"); // delivered after the app's events: proves they were seen
            await().atMost(Duration.ofSeconds(10)).until(() -> otherHints.get() > 0);

            assertThat(appHints.get()).isEqualTo(heard);
        }
    }
}
