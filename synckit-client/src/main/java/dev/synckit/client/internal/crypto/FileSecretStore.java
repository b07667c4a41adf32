package dev.synckit.client.internal.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SecretStore;

/**
 * The secret store of last resort, for headless machines without a keychain: one file per name in a directory.
 *
 * <p>Guarantees: the directory is {@code 0700} and each file {@code 0600} on POSIX file systems (created that way,
 * not narrowed afterwards, so there is no moment where another user could open them); a store is atomic (written
 * to a temporary file in the same directory, forced to disk, then renamed over the old file), so a crash leaves the
 * old secret or the new one; a symbolic link in place of a secret file is refused. On other file systems (Windows)
 * the files inherit the directory's ACL, which under the user profile is private to the user.
 *
 * <p>File format: {@code "SKS1"}, one mode byte, then either the secret (mode 0, plain) or, with a machine id
 * (mode 1), {@code salt (16) || nonce (12) || AES-256-GCM(secret) || tag}, under
 * {@code HKDF-SHA256(ikm = machine id, salt, info = "synckit/v1/secret-file/" + user name)} with the format, mode
 * and name as associated data (a file renamed to another name does not decrypt). What this protects against, and
 * what not, is in {@link SecretStore}'s class comment and {@link MachineId}.
 *
 * <p>Safe for concurrent use within and across processes (the rename is the commit point; the last store wins).
 */
final class FileSecretStore implements SecretStore {

    private static final byte[] MAGIC = {'S', 'K', 'S', '1'};
    private static final byte PLAIN = 0;
    private static final byte MACHINE_BOUND = 1;
    private static final String SUFFIX = ".secret";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path directory;
    private final byte @Nullable [] machineId;
    private final String user;
    private final SecureRandom random;
    private final boolean posix;

    /**
     * Creates the store; the directory is created on the first {@link #store}.
     *
     * @param directory the directory
     * @param machineId the machine-bound value to encrypt with, or {@code null} to write plain files
     * @param user the OS user name, mixed into the key
     * @param random the source of salts and nonces
     */
    FileSecretStore(Path directory, byte @Nullable [] machineId, String user, SecureRandom random) {
        this.directory = directory.toAbsolutePath().normalize();
        this.machineId = machineId == null ? null : machineId.clone();
        this.user = Objects.requireNonNull(user, "user");
        this.random = Objects.requireNonNull(random, "random");
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    Path directory() {
        return directory;
    }

    boolean machineBound() {
        return machineId != null;
    }

    @Override
    public void store(String name, byte[] secret) {
        SecretStores.checkName(name);
        SecretStores.checkSecret(secret);
        var content = encode(name, secret);
        Path temp = null;
        try {
            ensureDirectory();
            temp = posix ? Files.createTempFile(directory, tempPrefix(name), TEMP_SUFFIX, FILE_MODE)
                    : Files.createTempFile(directory, tempPrefix(name), TEMP_SUFFIX);
            try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            move(temp, file(name));
            temp = null;
            syncDirectory();
        } catch (IOException e) {
            throw failure("could not write secret file " + file(name), e);
        } finally {
            Bytes.wipe(content);
            deleteQuietly(temp);
        }
    }

    @Override
    public Optional<byte[]> load(String name) {
        SecretStores.checkName(name);
        var file = file(name);
        byte[] content;
        try {
            if (Files.isSymbolicLink(file)) {
                throw failure("secret file " + file + " is a symbolic link; refusing to follow it", null);
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("could not read secret file " + file, e);
        }
        try {
            return Optional.of(decode(name, content));
        } finally {
            Bytes.wipe(content);
        }
    }

    @Override
    public boolean delete(String name) {
        SecretStores.checkName(name);
        try {
            boolean deleted = Files.deleteIfExists(file(name));
            deleteLeftovers(name);
            if (deleted) {
                syncDirectory();
            }
            return deleted;
        } catch (IOException e) {
            throw failure("could not delete secret file " + file(name), e);
        }
    }

    @Override
    public String toString() {
        return "file secret store in " + directory + (machineBound() ? " (machine-bound)" : " (plain)");
    }

    private Path file(String name) {
        return directory.resolve(name + SUFFIX);
    }

    // "~" cannot occur in a name, so the prefix of one name is never a prefix of another's.
    private static String tempPrefix(String name) {
        return "." + name + "~";
    }

    /** Removes temporary files a crashed store left behind: they hold the secret too, as protected as the file. */
    private void deleteLeftovers(String name) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var leftovers = Files.newDirectoryStream(directory, tempPrefix(name) + "*" + TEMP_SUFFIX)) {
            for (var leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            var ownerOnly = PosixFilePermissions.fromString("rwx------");
            if (posix && !Files.getPosixFilePermissions(directory).equals(ownerOnly)) {
                // Someone (or an older version) loosened it; secrets must not sit in a directory others can list.
                Files.setPosixFilePermissions(directory, ownerOnly);
            }
            return;
        }
        var parent = directory.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix) {
            Files.createDirectory(directory, DIRECTORY_MODE);
        } else {
            Files.createDirectory(directory);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot replace files atomically", e);
        }
    }

    private void syncDirectory() {
        // Makes the rename durable on Linux; other systems cannot open a directory as a channel, and the rename is
        // still atomic there, only perhaps not yet on disk.
        try (var channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // See above: durability of the rename is best effort where the platform does not support it.
        }
    }

    private byte[] encode(String name, byte[] secret) {
        if (machineId == null) {
            return Bytes.concat(MAGIC, new byte[] {PLAIN}, secret);
        }
        var salt = new byte[16];
        var nonce = new byte[Aead.NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        var key = key(salt);
        try {
            return Bytes.concat(MAGIC, new byte[] {MACHINE_BOUND}, salt, nonce,
                    Aead.encrypt(key, nonce, secret, associatedData(name, MACHINE_BOUND)));
        } finally {
            Bytes.wipe(key);
        }
    }

    private byte[] decode(String name, byte[] content) {
        if (content.length < MAGIC.length + 1 || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw failure("secret file " + file(name) + " is not a SyncKit secret file", null);
        }
        byte mode = content[MAGIC.length];
        int body = MAGIC.length + 1;
        if (mode == PLAIN) {
            return Arrays.copyOfRange(content, body, content.length);
        }
        if (mode != MACHINE_BOUND || content.length < body + 16 + Aead.NONCE_BYTES + Aead.TAG_BYTES) {
            throw failure("secret file " + file(name) + " is damaged", null);
        }
        if (machineId == null) {
            throw failure("secret file " + file(name) + " is bound to a machine id and this machine has none", null);
        }
        var salt = Arrays.copyOfRange(content, body, body + 16);
        var nonce = Arrays.copyOfRange(content, body + 16, body + 16 + Aead.NONCE_BYTES);
        var ciphertext = Arrays.copyOfRange(content, body + 16 + Aead.NONCE_BYTES, content.length);
        var key = key(salt);
        try {
            return Aead.decrypt(key, nonce, ciphertext, associatedData(name, MACHINE_BOUND));
        } catch (Aead.BadTagException e) {
            throw failure("secret file " + file(name) + " does not decrypt on this machine "
                    + "(copied from another machine or user, or damaged)", null);
        } finally {
            Bytes.wipe(key);
        }
    }

    private byte[] key(byte[] salt) {
        return Hkdf.derive(Objects.requireNonNull(machineId), salt, Bytes.utf8("synckit/v1/secret-file/" + user),
                Aead.KEY_BYTES);
    }

    private static byte[] associatedData(String name, byte mode) {
        return Bytes.builder("synckit/v1/secret-file").bytes(MAGIC).integer(mode).text(name).build();
    }

    private static void deleteQuietly(@Nullable Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Left behind only if deleting failed too; it is as protected as the secret file, and delete() of the
                // name removes it.
            }
        }
    }

    private static CryptoException failure(String message, @Nullable Throwable cause) {
        return new CryptoException(CryptoException.Reason.SECRET_STORE, message, cause);
    }
}
