package dev.synckit.bench;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

import dev.synckit.client.SecretStore;
import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import tools.jackson.databind.node.NullNode;

/**
 * End-to-end encryption in the harness: a random password per run, each device's secret store (a directory next to
 * its database file, inside the run's directory, never the OS keychain), and the sealed name under which the server
 * holds a table of an encrypted space, derived from the master key as {@code docs/ENCRYPTION.md} specifies, so
 * that the checks can count the server's sealed rows.
 */
final class BenchKeys {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BenchKeys() {
    }

    /** A new random password of 24 letters and digits (no spaces: it travels as one word of a command line). */
    static String newPassword() {
        var sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The secret store of the device whose database is {@code dbFile}: the directory {@code <file>.secrets}. */
    static SecretStore secretsOf(Path dbFile) {
        return SecretStore.inDirectory(dbFile.resolveSibling(dbFile.getFileName() + ".secrets"));
    }

    /** The master key a device keeps for a space (the SDK's documented name), or throws if it keeps none. */
    static byte[] masterKey(Path dbFile, UUID space) {
        return secretsOf(dbFile).load("synckit-master-key-" + space)
                .orElseThrow(() -> new IllegalStateException("no master key kept for space " + space));
    }

    /** The name under which the server holds the rows of {@code todos}: sealed with the key {@code dbFile} keeps. */
    static String serverTable(boolean encrypted, Path dbFile, UUID space) {
        return encrypted ? sealedTable(masterKey(dbFile, space), space, Todos.TABLE) : Todos.TABLE;
    }

    /**
     * Adds the checks of an encrypted run: both devices hold the key, and the server holds no row of {@code todos}
     * under its plain name (the sealed rows are counted by the workload's own count check).
     */
    static void check(Report report, String encryptionA, String encryptionB, long plainRowsOnServer) {
        report.check("A and B encrypt (both unlocked)", encryptionA.equals("UNLOCKED")
                        && encryptionB.equals("UNLOCKED"), "A " + encryptionA + ", B " + encryptionB)
                .check("the server holds no rows in the clear", plainRowsOnServer == 0,
                        plainRowsOnServer + " rows under the plain table name " + Todos.TABLE);
    }

    /**
     * The sealed table name of envelope v1 ({@code e1_…}), as the SDK's own sealer computes it for the space: the
     * table of any op it seals.
     */
    static String sealedTable(byte[] masterKey, UUID space, String table) {
        var probe = new Op(UUID.randomUUID(), table, "probe", OpKind.UPSERT, Map.of("probe", NullNode.getInstance()),
                new Hlc(1, 0), UUID.randomUUID(), 1);
        try (var sealer = OpSealer.create(MasterKey.of(masterKey))) {
            return sealer.seal(space, probe).table();
        }
    }
}
