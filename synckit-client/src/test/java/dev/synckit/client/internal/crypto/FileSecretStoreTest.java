package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SecretStore;

class FileSecretStoreTest {

    private static final byte[] MACHINE = "4f1c0e6d2b8a4e3f9a7b6c5d4e3f2a1b".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET = "the master key bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    private FileSecretStore store(Path directory, byte[] machineId) {
        return new FileSecretStore(directory, machineId, "alice", new SecureRandom());
    }

    @Test
    void aStoredSecretLoadsBack() {
        var store = store(temp.resolve("secrets"), MACHINE);

        store.store("master-key", SECRET);

        assertThat(store.load("master-key")).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
    }

    @Test
    void aMissingSecretLoadsEmptyWithoutCreatingTheDirectory() {
        var directory = temp.resolve("not-yet");

        assertThat(store(directory, MACHINE).load("master-key")).isEmpty();
        assertThat(directory).doesNotExist();
    }

    @Test
    void deleteRemovesTheSecretAndReportsWhetherThereWasOne() {
        var store = store(temp.resolve("secrets"), MACHINE);
        store.store("session", SECRET);

        assertThat(store.delete("session")).isTrue();
        assertThat(store.load("session")).isEmpty();
        assertThat(store.delete("session")).isFalse();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theDirectoryIsPrivateToTheOwnerAndEachFileTooFromTheStart() throws Exception {
        var directory = temp.resolve("app").resolve("secrets");

        store(directory, MACHINE).store("master-key", SECRET);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("master-key.secret"))))
                .isEqualTo("rw-------");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aDirectoryOthersCouldReadIsTightenedOnTheNextStore() throws Exception {
        var directory = Files.createDirectory(temp.resolve("secrets"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));

        store(directory, MACHINE).store("master-key", SECRET);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void anOverwriteReplacesTheSecretAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        var directory = temp.resolve("secrets");
        var store = store(directory, MACHINE);
        store.store("master-key", SECRET);

        store.store("master-key", "a new secret".getBytes(StandardCharsets.UTF_8));

        assertThat(store.load("master-key")).hasValueSatisfying(s -> assertThat(new String(s, StandardCharsets.UTF_8))
                .isEqualTo("a new secret"));
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("master-key.secret");
        }
    }

    @Test
    void concurrentReadersSeeTheOldOrTheNewSecretNeverAMix() throws Exception {
        var store = store(temp.resolve("secrets"), MACHINE);
        var a = "A".repeat(500).getBytes(StandardCharsets.US_ASCII);
        var b = "B".repeat(500).getBytes(StandardCharsets.US_ASCII);
        store.store("session", a);

        try (var pool = Executors.newFixedThreadPool(3)) {
            var tasks = new ArrayList<Future<?>>();
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    store.store("session", i % 2 == 0 ? b : a);
                }
            }));
            for (int r = 0; r < 2; r++) {
                tasks.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 200; i++) {
                        assertThat(store.load("session")).hasValueSatisfying(s -> assertThat(s).isIn(a, b));
                    }
                    return null;
                }));
            }
            for (var task : tasks) {
                task.get();
            }
        }
    }

    @Test
    void aTemporaryFileLeftByACrashDoesNotDisturbLoadsAndDeleteRemovesIt() throws Exception {
        var directory = temp.resolve("secrets");
        var store = store(directory, MACHINE);
        store.store("master-key", SECRET);
        var leftover = Files.write(directory.resolve(".master-key~12345.tmp"), new byte[] {1, 2, 3});
        var otherNamesLeftover = Files.write(directory.resolve(".master-key.old~12345.tmp"), new byte[] {4});

        assertThat(store.load("master-key")).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
        store.delete("master-key");

        assertThat(leftover).doesNotExist();
        assertThat(otherNamesLeftover).exists();
    }

    @Test
    void aMachineBoundFileHoldsNoPlaintextAndDoesNotOpenOnAnotherMachine() throws Exception {
        var directory = temp.resolve("secrets");
        store(directory, MACHINE).store("master-key", SECRET);
        var content = Files.readAllBytes(directory.resolve("master-key.secret"));

        var elsewhere = store(directory, "another-machine".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(content, StandardCharsets.ISO_8859_1)).startsWith("SKS1")
                .doesNotContain("master key bytes");
        assertThatThrownBy(() -> elsewhere.load("master-key")).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.SECRET_STORE));
        assertThatThrownBy(() -> new FileSecretStore(directory, MACHINE, "bob", new SecureRandom()).load("master-key"))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void aMachineBoundFileRenamedToAnotherNameDoesNotOpen() throws Exception {
        var directory = temp.resolve("secrets");
        var store = store(directory, MACHINE);
        store.store("master-key", SECRET);

        Files.move(directory.resolve("master-key.secret"), directory.resolve("session.secret"));

        assertThatThrownBy(() -> store.load("session")).isInstanceOf(CryptoException.class);
    }

    @Test
    void withoutAMachineIdTheFileIsPlainAndReadableByAMachineBoundStoreToo() throws Exception {
        var directory = temp.resolve("secrets");
        var store = new FileSecretStore(directory, null, "alice", new SecureRandom());

        store.store("master-key", SECRET);

        assertThat(store.load("master-key")).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
        assertThat(store.machineBound()).isFalse();
        assertThat(store(directory, MACHINE).load("master-key")).isPresent();
    }

    @Test
    void aFileThatIsNotASecretFileIsReportedNotReturned() throws Exception {
        var directory = Files.createDirectory(temp.resolve("secrets"));
        Files.writeString(directory.resolve("master-key.secret"), "hello");

        assertThatThrownBy(() -> store(directory, MACHINE).load("master-key"))
                .isInstanceOfSatisfying(CryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.SECRET_STORE));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aSymbolicLinkInPlaceOfASecretFileIsRefused() throws Exception {
        var directory = Files.createDirectory(temp.resolve("secrets"));
        var elsewhere = Files.write(temp.resolve("elsewhere"), new byte[] {1});
        Files.createSymbolicLink(directory.resolve("master-key.secret"), elsewhere);

        assertThatThrownBy(() -> store(directory, MACHINE).load("master-key")).isInstanceOf(CryptoException.class);
    }

    @Test
    void namesAndSecretsAreChecked() {
        var store = store(temp.resolve("secrets"), MACHINE);

        for (var bad : new String[] {"", "../escape", "a/b", "with space", "x".repeat(65), "caf\u00e9"}) {
            assertThatThrownBy(() -> store.load(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.store("ok", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.store("ok", new byte[SecretStore.MAX_SECRET_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePublicFactoryGivesAWorkingFileStore() {
        var store = SecretStore.inDirectory(temp.resolve("public"));

        store.store("k", SECRET);

        assertThat(store.load("k")).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
    }
}
