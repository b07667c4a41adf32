package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.ConflictException;
import dev.synckit.client.CryptoException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncStatus;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.testkit.FakeClock;
import dev.synckit.testkit.TestServer;

/**
 * The account's key through its life, with real devices and a real server: password change, a concurrent password
 * change from two devices, a forgotten password reset with the recovery key, a restart that unlocks from the
 * secret store, and the refusals that keep plaintext off an encrypted account.
 */
class KeyLifecycleTest {

    static final char[] FIRST = "first password".toCharArray();
    static final char[] SECOND = "second password".toCharArray();

    @TempDir
    Path dir;
    TestServer server;
    String key;

    @BeforeEach
    void startServer() {
        server = TestServer.start(dir.resolve("server"));
        key = server.createUserWithKey("alice");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Device device(String name) throws Exception {
        return Device.open(dir, name, server.uri(), key);
    }

    private static CryptoException.Reason reason(Throwable e) {
        return ((CryptoException) e).reason();
    }

    @Test
    void afterAPasswordChangeOnAnotherDeviceOnlyTheNewPasswordUnlocks() throws Exception {
        try (var a = device("a"); var b = device("b")) {
            a.engine.setupEncryptionNew(FIRST);
            a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'kept')");
            a.engine.sync();

            a.engine.changePassword(FIRST, SECOND);

            assertThatThrownBy(() -> b.engine.setupEncryptionExisting(FIRST)).isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.WRONG_PASSWORD));
            assertThat(b.engine.hasMasterKey()).isFalse();
            assertThat(b.engine.status().encryption()).as("a wrong password changes nothing")
                    .isEqualTo(SyncStatus.Encryption.OFF);
            assertThat(b.engine.tryLoadKeyFromKeychain()).as("nothing was kept").isFalse();
            b.engine.setupEncryptionExisting(SECOND);
            b.engine.sync();
            assertThat(b.contents()).containsEntry("folder/f1", "kept");
            assertThat(a.engine.hasMasterKey()).as("a password change keeps the key on every device").isTrue();
        }
    }

    @Test
    void aWrongOldPasswordChangesNothing() throws Exception {
        try (var a = device("a")) {
            a.engine.setupEncryptionNew(FIRST);
            var before = a.client.fetchKeyBlob().orElseThrow();

            assertThatThrownBy(() -> a.engine.changePassword("wrong".toCharArray(), SECOND))
                    .isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.WRONG_PASSWORD));

            var after = a.client.fetchKeyBlob().orElseThrow();
            assertThat(after.version()).isEqualTo(before.version());
            assertThat(after.blob()).isEqualTo(before.blob());
        }
    }

    @Test
    void twoDevicesChangingThePasswordAtOnceGiveOneTypedConflictAndAnIntactBlob() throws Exception {
        var racing = new InterleavingClient(SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build());
        try (var a = device("a"); var b = Device.open(dir, "b", racing); var c = device("c")) {
            a.engine.setupEncryptionNew(FIRST);
            b.engine.setupEncryptionExisting(FIRST);
            // B reads the blob, then A changes the password, then B writes from the version it read.
            racing.beforeNextPut(() -> a.engine.changePassword(FIRST, "password from a".toCharArray()));

            assertThatThrownBy(() -> b.engine.changePassword(FIRST, "password from b".toCharArray()))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.code()).contains(ErrorCode.VERSION_CONFLICT));

            assertThat(a.client.fetchKeyBlob().orElseThrow().version()).isEqualTo(2);
            assertThatThrownBy(() -> c.engine.setupEncryptionExisting("password from b".toCharArray()))
                    .isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.WRONG_PASSWORD));
            c.engine.setupEncryptionExisting("password from a".toCharArray());
            assertThat(c.engine.hasMasterKey()).isTrue();
            assertThat(b.engine.hasMasterKey()).as("the losing device keeps its key").isTrue();
        }
    }

    @Test
    void twoFirstDevicesAtOnceGiveOneTypedConflictAndTheLoserKeepsNothing() throws Exception {
        var racing = new InterleavingClient(SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build());
        try (var a = device("a"); var b = Device.open(dir, "b", racing)) {
            racing.beforeNextPut(() -> a.engine.setupEncryptionNew(FIRST));

            assertThatThrownBy(() -> b.engine.setupEncryptionNew(SECOND))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.code()).contains(ErrorCode.VERSION_CONFLICT));

            assertThat(b.engine.hasMasterKey()).isFalse();
            assertThat(b.engine.tryLoadKeyFromKeychain()).as("the loser's key was deleted again").isFalse();
            assertThat(a.client.fetchKeyBlob().orElseThrow().version()).isEqualTo(1);
            b.engine.setupEncryptionExisting(FIRST);
            assertThat(b.engine.hasMasterKey()).isTrue();
        }
    }

    @Test
    void anEmptyPasswordIsRefusedBeforeAnythingHappens() throws Exception {
        try (var a = device("a")) {
            assertThatThrownBy(() -> a.engine.setupEncryptionNew(new char[0]))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(a.engine.status().spaceId()).as("not even the space was bound").isEmpty();
            assertThat(a.engine.hasServerKey()).isFalse();
        }
    }

    @Test
    void theRecoveryKeyReplacesAForgottenPasswordAndUnlocksTheDevice() throws Exception {
        try (var a = device("a"); var b = device("b"); var c = device("c")) {
            var recoveryKey = a.engine.setupEncryptionNew(FIRST);
            a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'recovered')");
            a.engine.sync();

            assertThatThrownBy(() -> b.engine.resetPassword("0000-0000-0000-0000-0000-0000-0000-0000", SECOND))
                    .isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.INVALID_RECOVERY_KEY));
            b.engine.resetPassword(recoveryKey.replace("-", " ").toLowerCase(java.util.Locale.ROOT), SECOND);
            b.engine.sync();

            assertThat(b.contents()).containsEntry("folder/f1", "recovered");
            assertThatThrownBy(() -> c.engine.setupEncryptionExisting(FIRST)).isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.WRONG_PASSWORD));
            c.engine.setupEncryptionExisting(SECOND);
            assertThat(c.engine.hasMasterKey()).isTrue();
        }
    }

    @Test
    void aRestartUnlocksFromTheSecretStoreWithoutThePassword() throws Exception {
        try (var a = device("a")) {
            a.engine.setupEncryptionNew(FIRST);
            a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'before restart')");
            a.engine.sync();
        }
        try (var a = device("a"); var b = device("b")) {
            a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f2', 'after restart')");
            assertThat(a.engine.hasMasterKey()).isFalse();
            assertThat(a.engine.status().encryption()).isEqualTo(SyncStatus.Encryption.LOCKED);

            assertThat(a.engine.tryLoadKeyFromKeychain()).isTrue();
            a.engine.sync();
            b.engine.setupEncryptionExisting(FIRST);
            b.engine.sync();

            assertThat(a.engine.status().encryption()).isEqualTo(SyncStatus.Encryption.UNLOCKED);
            assertThat(b.contents()).containsOnlyKeys("folder/f1", "folder/f2");
            assertThat(b.engine.tryLoadKeyFromKeychain()).as("B kept its key too").isTrue();
        }
    }

    @Test
    void aDeviceWithoutTheKeyRefusesToSyncAndSendsNothing() throws Exception {
        try (var a = device("a"); var b = device("b")) {
            b.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'must stay local')");
            a.engine.setupEncryptionNew(FIRST);

            assertThatThrownBy(b.engine::sync).isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.NO_MASTER_KEY));

            assertThat(b.engine.tryLoadKeyFromKeychain()).isFalse();
            assertThat(b.engine.status().encryption()).isEqualTo(SyncStatus.Encryption.LOCKED);
            assertThat(b.engine.status().pendingChanges()).isEqualTo(1);
            assertThat(serverOps()).isZero();
        }
    }

    @Test
    void aPlaintextDeviceAsksForTheKeyBlobOncePerMinuteAndTheServerRefusesItsPlaintextMeanwhile() throws Exception {
        var clock = FakeClock.at(Instant.parse("2026-12-01T10:00:00Z"));
        var counting = new InterleavingClient(SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build());
        try (var plain = Device.open(dir, "plain", counting, clock); var first = device("first")) {
            plain.engine.sync();
            plain.engine.sync();
            clock.advance(Duration.ofSeconds(30));
            plain.engine.sync();
            assertThat(counting.keyFetches).as("one question per minute, not per sync").hasValue(1);

            first.engine.setupEncryptionNew(FIRST);
            plain.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'must stay local')");

            // Within the minute the device still believes the account is unencrypted: the server refuses the
            // plaintext push, and the device asks again and locks.
            assertThatThrownBy(plain.engine::sync).isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.NO_MASTER_KEY));
            assertThat(counting.keyFetches).hasValue(2);
            assertThat(plain.engine.status().encryption()).isEqualTo(SyncStatus.Encryption.LOCKED);
            assertThat(serverOps()).isZero();
        }
    }

    @Test
    void aRowIdTooLongToSealIsRefusedBeforeAnythingIsSent() throws Exception {
        try (var a = device("a")) {
            a.engine.setupEncryptionNew(FIRST);
            a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('short', 'fine')");
            a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES (?, 'too long')", "x".repeat(150));

            assertThatThrownBy(a.engine::sync).isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.ROW_ID_TOO_LONG))
                    .hasMessageNotContaining("xxxx");
            assertThat(serverOps()).isZero();
        }
    }

    @Test
    void encryptionCannotBeSetUpOverDataAlreadySyncedInTheClear() throws Exception {
        try (var a = device("a")) {
            a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('f1', 'plain')");
            a.engine.sync();

            assertThatThrownBy(() -> a.engine.setupEncryptionNew(FIRST)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already holds data");
            assertThat(a.engine.hasServerKey()).isFalse();
            assertThat(a.engine.hasMasterKey()).isFalse();
            assertThat(a.engine.status().encryption()).isEqualTo(SyncStatus.Encryption.OFF);
        }
    }

    private long serverOps() throws Exception {
        try (var c = ServerStore.open(dir.resolve("server")); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM ops")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
