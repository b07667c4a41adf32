package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.testkit.TestServer;

import tools.jackson.databind.node.ObjectNode;

/**
 * An encrypted pull of several bulk pages (the engine downloads the page after next while it opens one and applies
 * another): every page arrives in order, and an op that fails to open on a later page stops the pull exactly
 * there, with the pages before it applied and committed and nothing of its own page or any later one.
 */
class EncryptedPagedPullTest {

    static final int NOTES = 11_999;
    static final char[] PASSWORD = "paged pull password".toCharArray();

    @TempDir
    Path dir;

    @Test
    void pagesAreAppliedInOrderUpToTheFirstThatFailsToOpen() throws Exception {
        var data = dir.resolve("server");
        try (var server = TestServer.start(data)) {
            var key = server.createUserWithKey("alice");
            try (var a = Device.open(dir, "a", server.uri(), key); var b = Device.open(dir, "b", server.uri(), key)) {
                a.engine.setupEncryptionNew(PASSWORD);
                b.engine.setupEncryptionExisting(PASSWORD);
                a.app.setAutoCommit(false);
                a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f', 'folder')");
                for (int i = 0; i < NOTES; i++) {
                    a.exec("INSERT INTO quokkanotes (id, ocelottext, narwhalflag, folderlink) VALUES (?, ?, ?, 'f')",
                            "n" + i, "paged note " + i, i % 2);
                }
                a.app.commit();
                a.app.setAutoCommit(true);
                a.engine.sync();

                // Pages of B's pull: seq 1-1000 (the configured size), then bulk pages of 5,000: 1001-6000,
                // 6001-11000, 11001-12000. The third page carries a tampered value.
                String[] planted;
                String original;
                try (var store = ServerStore.open(data)) {
                    planted = ServerStore.upserts(store).stream().filter(o -> o[0].equals("8000")).findFirst()
                            .orElseThrow();
                    original = planted[1];
                    var fields = (ObjectNode) ProtocolJson.mapper().readTree(original);
                    ServerStore.flipSealedCharacter(fields);
                    ServerStore.setFields(store, planted[0], ProtocolJson.mapper().writeValueAsString(fields));
                }

                assertThatThrownBy(b.engine::sync).isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.TAMPERED));
                assertThat(b.cursor()).isEqualTo(6000);
                assertThat(b.count("SELECT count(*) FROM quokkanotes") + b.count("SELECT count(*) FROM zebrafolders"))
                        .as("exactly the rows of the first two pages").isEqualTo(6000);

                try (var store = ServerStore.open(data)) {
                    ServerStore.setFields(store, planted[0], original);
                }
                b.engine.sync();

                assertThat(b.cursor()).isEqualTo(NOTES + 1);
                assertThat(b.contents()).isEqualTo(a.contents()).hasSize(NOTES + 1);
            }
        }
    }
}
