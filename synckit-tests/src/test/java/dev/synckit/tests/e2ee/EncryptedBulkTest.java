package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.testkit.RecordingProxy;
import dev.synckit.testkit.TestServer;

/**
 * A large initial snapshot in an encrypted space moves in bulk batches (sealed bodies stay under the server's body
 * limit, so no batch is refused as too large), and no request the device sends carries a plaintext value or name.
 */
class EncryptedBulkTest {

    static final int NOTES = 6000;

    @TempDir
    Path dir;

    @Test
    void aLargeSnapshotIsPushedSealedInBulkAndArrivesWhole() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"));
             var proxy = RecordingProxy.start(server.uri())) {
            var key = server.createUserWithKey("alice");
            try (var a = Device.open(dir, "a", proxy.uri(), key); var b = Device.open(dir, "b", server.uri(), key)) {
                a.app.setAutoCommit(false);
                a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('bulk-folder', 'bulk label')");
                for (int i = 0; i < NOTES; i++) {
                    a.exec("INSERT INTO quokkanotes (id, ocelottext, narwhalflag, folderlink) "
                            + "VALUES (?, ?, ?, 'bulk-folder')", "bulk-" + i, "bulk-note-secret-" + i, i % 2);
                }
                a.app.commit();
                a.app.setAutoCommit(true);
                a.engine.setupEncryptionNew("bulk password".toCharArray());

                var report = a.engine.sync();
                b.engine.setupEncryptionExisting("bulk password".toCharArray());
                b.engine.sync();

                var pushes = proxy.exchanges().stream().filter(e -> e.method().equals("POST")
                        && e.path().endsWith("/ops")).toList();
                assertThat(report.pushed()).isEqualTo(NOTES + 1);
                assertThat(pushes).as("bulk batches, none refused").hasSizeLessThan(10)
                        .allMatch(e -> e.status() == 200);
                assertThat(proxy.exchanges()).noneMatch(e -> e.requestBody().contains("bulk-note-secret")
                        || e.requestBody().contains(Device.NOTES) || e.requestBody().contains("ocelottext"));
                assertThat(b.count("SELECT count(*) FROM quokkanotes")).isEqualTo(NOTES);
                assertThat(b.contents()).isEqualTo(a.contents());
            }
        }
    }
}
