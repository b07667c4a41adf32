package dev.synckit.server.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API key format: a secret {@code sk_} + base64url(32 random bytes) (43 characters, no padding) shown once,
 * and a public key id {@code key_} + 12 hex digits used to list and revoke it. Only the SHA-256 of the secret is
 * stored. Thread-safe.
 */
public final class ApiKeys {

    /** The secret's prefix. */
    public static final String SECRET_PREFIX = "sk_";

    private static final Pattern SECRET = Pattern.compile("sk_[A-Za-z0-9_-]{43}");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+)\\s*");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ApiKeys() {
    }

    /** Returns a new random secret. */
    public static String newSecret() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + BASE64URL.encodeToString(bytes);
    }

    /** Returns a new random public key id. */
    public static String newKeyId() {
        var bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Hashes a secret for storage and lookup.
     *
     * @param secret the secret
     * @return its SHA-256
     */
    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Extracts a well-formed secret from an {@code Authorization} header value.
     *
     * @param header the header value, {@code Bearer sk_…}
     * @return the secret, or empty if the header is not a bearer token of the key format
     */
    public static Optional<String> secretFromAuthorization(String header) {
        var m = BEARER.matcher(header);
        if (!m.matches() || !SECRET.matcher(m.group(1)).matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }
}
