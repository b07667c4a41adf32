package dev.synckit.client.internal.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.security.auth.Destroyable;

import dev.synckit.client.CryptoException;

/**
 * The recovery key: 128 random bits, generated at setup and shown to the user once, that unwraps a second wrapping
 * of the master key, so that a forgotten password can be replaced ({@link KeyWrapper#resetPassword}).
 *
 * <p>Its text form is 32 characters of Crockford base32 in eight groups of four, for example
 * {@code 7Q3M-2ZKD-W9RH-0B5T-XA4E-MNPC-6JVY-81FG}: 16 secret bytes followed by a 4-byte checksum (the first bytes
 * of SHA-256 over a domain string and the secret). The alphabet has no I, L, O or U; parsing ignores case, spaces
 * and dashes, reads O as 0 and I and L as 1, and a mistyped character fails the checksum
 * ({@link CryptoException.Reason#INVALID_RECOVERY_KEY}) before any decryption is tried.
 *
 * <p>128 uniformly random bits need no slow KDF, so the key-encryption key is derived with HKDF.
 *
 * <p>{@link #destroy()} wipes the secret; {@link #toString()} never shows it.
 */
public final class RecoveryKey implements Destroyable {

    static final int SECRET_BYTES = 16;
    private static final int CHECK_BYTES = 4;
    private static final int TEXT_CHARS = 32;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String CHECK_DOMAIN = "synckit/v1/recovery-key-check";

    private final byte[] secret;
    private volatile boolean destroyed;

    private RecoveryKey(byte[] secret) {
        this.secret = secret;
    }

    /**
     * Generates a new recovery key.
     *
     * @param random the randomness source
     * @return the key
     */
    public static RecoveryKey generate(SecureRandom random) {
        var secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new RecoveryKey(secret);
    }

    /**
     * Parses the text form the user typed.
     *
     * @param text the recovery key, in any case, with or without spaces and dashes
     * @return the key
     * @throws CryptoException with {@link CryptoException.Reason#INVALID_RECOVERY_KEY} if it is mistyped
     */
    public static RecoveryKey parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        var symbols = new int[TEXT_CHARS];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            int value = symbol(c);
            if (value < 0 || n == TEXT_CHARS) {
                throw invalid();
            }
            symbols[n++] = value;
        }
        if (n != TEXT_CHARS) {
            throw invalid();
        }
        var raw = fromBase32(symbols);
        Arrays.fill(symbols, 0);
        var secret = Arrays.copyOf(raw, SECRET_BYTES);
        var check = Arrays.copyOfRange(raw, SECRET_BYTES, raw.length);
        Bytes.wipe(raw);
        if (!MessageDigest.isEqual(check, checksum(secret))) {
            Bytes.wipe(secret);
            throw invalid();
        }
        return new RecoveryKey(secret);
    }

    /**
     * Returns the text form to show the user once.
     *
     * @return eight groups of four characters joined by dashes
     */
    public String toDisplayString() {
        var raw = Bytes.concat(secret(), checksum(secret()));
        var text = new StringBuilder(TEXT_CHARS + 7);
        long buffer = 0;
        int bits = 0;
        for (byte b : raw) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                if (text.length() % 5 == 4) {
                    text.append('-');
                }
                text.append(ALPHABET.charAt((int) (buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        Bytes.wipe(raw);
        return text.toString();
    }

    /** Derives the key-encryption key of the recovery wrapping. The caller wipes the result. */
    byte[] deriveKek(byte[] salt) {
        return Hkdf.derive(secret(), salt, Bytes.utf8("synckit/v1/recovery-kek"), Aead.KEY_BYTES);
    }

    @Override
    public void destroy() {
        destroyed = true;
        Bytes.wipe(secret);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "RecoveryKey[redacted]";
    }

    private byte[] secret() {
        if (destroyed) {
            throw new IllegalStateException("the recovery key was destroyed");
        }
        return secret;
    }

    private static int symbol(char c) {
        char u = Character.toUpperCase(c);
        return switch (u) {
            case 'O' -> 0;
            case 'I', 'L' -> 1;
            default -> u < 128 ? ALPHABET.indexOf(u) : -1;
        };
    }

    private static byte[] fromBase32(int[] symbols) {
        var out = new byte[(TEXT_CHARS * 5) / 8];
        long buffer = 0;
        int bits = 0;
        int at = 0;
        for (int s : symbols) {
            buffer = (buffer << 5) | s;
            bits += 5;
            if (bits >= 8) {
                out[at++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    private static byte[] checksum(byte[] secret) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(Bytes.utf8(CHECK_DOMAIN));
            return Arrays.copyOf(sha.digest(secret), CHECK_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static CryptoException invalid() {
        return new CryptoException(CryptoException.Reason.INVALID_RECOVERY_KEY,
                "the recovery key is mistyped: expected 32 characters of 0-9 and A-Z without I, L, O, U, "
                        + "with a valid checksum", null);
    }
}
