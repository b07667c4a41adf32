package dev.synckit.client.internal.crypto;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Turns a password into a 256-bit key-encryption key with Argon2id (v1.3) from Bouncy Castle; the JDK has no
 * Argon2.
 *
 * <p>The password is encoded as UTF-8 after Unicode NFC normalization, so that the same password typed on macOS
 * (which may produce decomposed characters) and on Windows derives the same key. An all-ASCII password (the common
 * case) is encoded straight from the caller's {@code char[]} and the bytes are wiped afterwards; normalizing a
 * non-ASCII password needs an immutable {@code String}, which the JDK cannot wipe.
 */
final class PasswordKdf {

    static final int SALT_BYTES = 16;
    static final int KEY_BYTES = 32;

    private PasswordKdf() {
    }

    /**
     * Derives the key.
     *
     * @param password the password, not modified (the caller wipes it)
     * @param salt {@value #SALT_BYTES} random bytes
     * @param params the cost parameters
     * @return a fresh 32-byte key; the caller wipes it
     * @throws IllegalArgumentException if the password is empty or not valid UTF-16 (an unpaired surrogate)
     */
    static byte[] deriveKey(char[] password, byte[] salt, Argon2Params params) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        var encoded = encode(password);
        try {
            return argon2id(encoded, salt, params);
        } finally {
            Bytes.wipe(encoded);
        }
    }

    static byte[] argon2id(byte[] password, byte[] salt, Argon2Params params) {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        var out = new byte[KEY_BYTES];
        generator.generateBytes(password, out);
        parameters.clear();
        return out;
    }

    static byte[] encode(char[] password) {
        var chars = CharBuffer.wrap(password);
        char[] normalized = null;
        if (!isAscii(password)) {
            normalized = Normalizer.normalize(chars, Normalizer.Form.NFC).toCharArray();
            chars = CharBuffer.wrap(normalized);
        }
        try {
            var buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(chars);
            var bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
            Bytes.wipe(buffer.array());
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode text", null);
        } finally {
            Bytes.wipe(normalized);
        }
    }

    private static boolean isAscii(char[] password) {
        for (char c : password) {
            if (c > 0x7f) {
                return false;
            }
        }
        return true;
    }
}
