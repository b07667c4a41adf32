package dev.synckit.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.synckit.client.SecretStore;

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
     * The sealed table name of envelope v1: {@code e1_} + hex of the first 16 bytes of
     * HMAC-SHA256(names, parts("synckit/v1/name/table", table)), names = HKDF(master, no salt,
     * "synckit/v1/space/S/names", 32).
     */
    static String sealedTable(byte[] masterKey, UUID space, String table) {
        byte[] names = hkdf32(masterKey, "synckit/v1/space/" + space + "/names");
        byte[] mac = hmac(names, parts("synckit/v1/name/table", table));
        return "e1_" + HexFormat.of().formatHex(mac, 0, 16);
    }

    private static byte[] hkdf32(byte[] ikm, String info) {
        byte[] prk = hmac(new byte[32], ikm);
        var in = ByteBuffer.allocate(info.length() + 1).put(info.getBytes(StandardCharsets.UTF_8)).put((byte) 1);
        return hmac(prk, in.array());
    }

    private static byte[] parts(String... texts) {
        var out = new ByteArrayOutputStream();
        for (var text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
