package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.ConflictException;
import dev.synckit.client.CryptoException;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.testkit.TestServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A malicious server rewrites the encrypted log it serves: a modified ciphertext, values swapped between two rows,
 * a plaintext op slipped into the encrypted space. Device B refuses each with {@link CryptoException.Reason#TAMPERED}
 * and applies nothing of the page: its tables and its pull cursor stay as they were, and once the log is honest
 * again B gets everything (so nothing was skipped either).
 */
class TamperedOpsTest {

    static final char[] PASSWORD = "tamper test password".toCharArray();

    @TempDir
    Path dir;
    TestServer server;
    Device a;
    Device b;
    Path data;

    @BeforeEach
    void twoUnlockedDevicesAndThreeRowsOnTheServer() throws Exception {
        data = dir.resolve("server");
        server = TestServer.start(data);
        var key = server.createUserWithKey("alice");
        a = Device.open(dir, "a", server.uri(), key);
        b = Device.open(dir, "b", server.uri(), key);
        a.engine.setupEncryptionNew(PASSWORD);
        b.engine.setupEncryptionExisting(PASSWORD);
        a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'folder one')");
        a.exec("INSERT INTO quokkanotes (id, ocelottext, folderlink) VALUES ('n1', 'first note', 'f1')");
        a.exec("INSERT INTO quokkanotes (id, ocelottext, folderlink) VALUES ('n2', 'second note', 'f1')");
        a.engine.sync();
    }

    @AfterEach
    void stop() throws Exception {
        try (var x = a; var y = b; var s = server) {
            // closes all three
        }
    }

    @Test
    void aModifiedCiphertextIsRejectedAndNothingIsApplied() throws Exception {
        try (var store = ServerStore.open(data)) {
            var op = ServerStore.upserts(store).getLast();
            var fields = (ObjectNode) ProtocolJson.mapper().readTree(op[1]);
            ServerStore.flipSealedCharacter(fields);
            ServerStore.setFields(store, op[0], ProtocolJson.mapper().writeValueAsString(fields));

            assertRejectedWithNothingApplied();

            ServerStore.setFields(store, op[0], op[1]);
        }
        assertEverythingArrivesOnceTheLogIsHonest();
    }

    @Test
    void aValueSwappedBetweenTwoRowsIsRejectedAndNothingIsApplied() throws Exception {
        try (var store = ServerStore.open(data)) {
            var notes = ServerStore.upserts(store).stream().filter(o -> o[1].length() > 200).toList();
            assertThat(notes).as("the two notes' upserts (the folder's has one field)").hasSize(2);
            var first = (ObjectNode) ProtocolJson.mapper().readTree(notes.get(0)[1]);
            var second = (ObjectNode) ProtocolJson.mapper().readTree(notes.get(1)[1]);
            var swapped = ServerStore.SEALED_VALUES;
            assertThat(first.has(swapped) && second.has(swapped)).as("both sealed in envelope version 2").isTrue();
            JsonNode firstValue = first.get(swapped);
            first.set(swapped, second.get(swapped));
            second.set(swapped, firstValue);
            ServerStore.setFields(store, notes.get(0)[0], ProtocolJson.mapper().writeValueAsString(first));
            ServerStore.setFields(store, notes.get(1)[0], ProtocolJson.mapper().writeValueAsString(second));

            assertRejectedWithNothingApplied();

            ServerStore.setFields(store, notes.get(0)[0], notes.get(0)[1]);
            ServerStore.setFields(store, notes.get(1)[0], notes.get(1)[1]);
        }
        assertEverythingArrivesOnceTheLogIsHonest();
    }

    @Test
    void aPlaintextOpIsRefusedByTheServerAndOnePlantedInItsLogIsRejectedByTheClient() throws Exception {
        var space = a.engine.status().spaceId().orElseThrow();
        var intruder = a.client.registerDevice("intruder", "test").deviceId();
        var plaintext = new Op(UUID.randomUUID(), Device.FOLDERS, "f9", OpKind.UPSERT,
                Map.<String, JsonNode>of("marmotlabel", StringNode.valueOf("planted")),
                Hlc.parse("1999999999999-00000"), intruder, 1, null);

        assertThatThrownBy(() -> a.client.push(space, intruder, List.of(plaintext)))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).contains(ErrorCode.ENCRYPTION_REQUIRED));

        // A malicious server can still plant one: the client must not apply it.
        try (var store = ServerStore.open(data)) {
            ServerStore.makePlaintext(store, ServerStore.upserts(store).getFirst()[0], Device.FOLDERS, "f9",
                    "{\"marmotlabel\":\"planted\"}");
        }
        assertRejectedWithNothingApplied();
    }

    private void assertRejectedWithNothingApplied() throws Exception {
        assertThatThrownBy(b.engine::sync).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.TAMPERED));
        assertThat(b.contents()).isEmpty();
        assertThat(b.cursor()).isZero();
        assertThat(b.engine.status().lastError()).hasValueSatisfying(
                error -> assertThat(error).startsWith("CryptoException").doesNotContain("note"));
    }

    private void assertEverythingArrivesOnceTheLogIsHonest() throws Exception {
        b.engine.sync();

        assertThat(b.contents()).isEqualTo(a.contents()).hasSize(3);
        assertThat(b.cursor()).isEqualTo(3);
    }
}
