package dev.synckit.tests.hostile;

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

import dev.synckit.client.AuthException;
import dev.synckit.client.ConflictException;
import dev.synckit.client.ServerException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.server.Admin;
import dev.synckit.testkit.TestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * A second user, a revoked key and a replaying device attack one user's data through the real SDK: each attempt
 * ends in its typed exception and the victim's space is unchanged afterwards.
 */
class CrossUserIsolationTest {

    static final Hlc T0 = new Hlc(1_700_000_000_000L, 0);

    @TempDir
    Path dir;
    TestServer server;
    SyncKitClient alice;
    SyncKitClient mallory;
    UUID aliceSpace;
    UUID aliceDevice;
    Map<String, Map<String, JsonNode>> aliceRowsBefore;
    long aliceHeadBefore;

    @BeforeEach
    void aliceHasData() {
        server = TestServer.start(dir.resolve("server"));
        alice = client(server.createUserWithKey("alice"));
        mallory = client(server.createUserWithKey("mallory"));
        aliceSpace = alice.account().defaultSpaceId();
        aliceDevice = alice.registerDevice("alice-laptop", "linux").deviceId();
        var pushed = alice.push(aliceSpace, aliceDevice, List.of(upsert(aliceDevice, "r1", "secret plan", T0)));
        assertThat(pushed.lastSeq()).isEqualTo(1);
        aliceRowsBefore = server.server().materializedRows(aliceSpace, "todos");
        aliceHeadBefore = alice.pull(aliceSpace, 0, 100).ops().size();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    SyncKitClient client(String key) {
        return SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build();
    }

    static Op upsert(UUID device, String row, String title, Hlc hlc) {
        return new Op(UUID.randomUUID(), "todos", row, OpKind.UPSERT, Map.of("title", StringNode.valueOf(title)), hlc,
                device, 1);
    }

    void assertAliceUnchanged() {
        assertThat(server.server().materializedRows(aliceSpace, "todos")).isEqualTo(aliceRowsBefore);
        assertThat(alice.pull(aliceSpace, 0, 100).ops()).hasSize((int) aliceHeadBefore);
    }

    @Test
    void anotherUserCannotReadAUsersSpace() {
        assertThatThrownBy(() -> mallory.pull(aliceSpace, 0, 100))
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).contains(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).doesNotContain("secret plan");
                });

        assertAliceUnchanged();
    }

    @Test
    void anotherUserCannotWriteIntoAUsersSpaceEvenWithTheirOwnDevice() {
        var malloryDevice = mallory.registerDevice("mallory-box", "linux").deviceId();

        assertThatThrownBy(() -> mallory.push(aliceSpace, malloryDevice,
                List.of(upsert(malloryDevice, "r1", "defaced", new Hlc(T0.wallMillis() + 1000, 0)))))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(403));

        assertAliceUnchanged();
    }

    @Test
    void anotherUsersDeviceIdCannotBeBorrowedInOnesOwnSpace() {
        var mallorySpace = mallory.account().defaultSpaceId();

        assertThatThrownBy(() -> mallory.push(mallorySpace, aliceDevice,
                List.of(upsert(aliceDevice, "r1", "impersonated", new Hlc(T0.wallMillis() + 1000, 0)))))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).contains(ErrorCode.UNKNOWN_DEVICE);
                });

        assertThat(mallory.pull(mallorySpace, 0, 100).ops()).isEmpty();
        assertAliceUnchanged();
    }

    @Test
    void aReplayedOpIdWithForgedContentIsAConflictAndChangesNothing() {
        var original = alice.pull(aliceSpace, 0, 1).ops().getFirst().op();
        var forged = new Op(original.opId(), original.table(), original.rowId(), original.kind(),
                Map.of("title", StringNode.valueOf("forged")), original.hlc(), original.deviceId(),
                original.schemaVersion());

        assertThatThrownBy(() -> alice.push(aliceSpace, aliceDevice, List.of(forged)))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).contains(ErrorCode.OP_ID_CONFLICT));

        assertAliceUnchanged();
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        var key = server.createUserWithKey("eve");
        var eve = client(key);
        assertThat(eve.account().userName()).isEqualTo("eve");

        try (var admin = Admin.open(server.config())) {
            var keyId = admin.listApiKeys("eve").getFirst().keyId();
            assertThat(admin.revokeApiKey(keyId)).isTrue();
        }

        assertThatThrownBy(eve::account).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertAliceUnchanged();
    }

    @Test
    void aMadeUpKeyIsUnauthorized() {
        var forged = client("sk_" + "0".repeat(40));

        assertThatThrownBy(() -> forged.pull(aliceSpace, 0, 100)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertAliceUnchanged();
    }
}
