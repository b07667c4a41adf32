package dev.synckit.client.internal.crypto;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.CryptoException;
import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link KeyBlob}, version 1:
 * <pre>{@code
 * {"format":"synckit-key-blob","version":1,"key_check":"<b64url 16 B>","wraps":[
 *   {"type":"password","kdf":{"name":"argon2id","version":19,"memory_kib":65536,"iterations":3,"parallelism":1,
 *                              "salt":"<b64url 16 B>"},
 *    "aead":"aes-256-gcm","nonce":"<b64url 12 B>","ciphertext":"<b64url 48 B>"},
 *   {"type":"recovery","kdf":{"name":"hkdf-sha256","salt":"<b64url 16 B>"},
 *    "aead":"aes-256-gcm","nonce":"<b64url 12 B>","ciphertext":"<b64url 48 B>"}]}
 * }</pre>
 * Written compactly in exactly this property order; read strictly: every property required, no unknown
 * properties, unpadded canonical base64url, exactly one password wrapping and at most one recovery wrapping.
 * Strict, because the blob comes from the server and a lenient reader is a place for a hostile one to hide things.
 */
final class KeyBlobJson {

    private static final String FORMAT = "synckit-key-blob";
    private static final String AEAD = "aes-256-gcm";

    private KeyBlobJson() {
    }

    static String write(KeyBlob blob) {
        var mapper = ProtocolJson.mapper();
        var root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", KeyBlob.VERSION);
        root.put("key_check", Bytes.base64url(blob.keyCheck()));
        var wraps = root.putArray("wraps");
        var password = blob.password();
        var kdf = mapper.createObjectNode();
        kdf.put("name", "argon2id");
        kdf.put("version", 19);
        kdf.put("memory_kib", password.params().memoryKiB());
        kdf.put("iterations", password.params().iterations());
        kdf.put("parallelism", password.params().parallelism());
        kdf.put("salt", Bytes.base64url(password.salt()));
        wraps.add(wrap("password", kdf, password));
        var recovery = blob.recovery();
        if (recovery != null) {
            var hkdf = mapper.createObjectNode();
            hkdf.put("name", "hkdf-sha256");
            hkdf.put("salt", Bytes.base64url(recovery.salt()));
            wraps.add(wrap("recovery", hkdf, recovery));
        }
        return mapper.writeValueAsString(root);
    }

    private static ObjectNode wrap(String type, ObjectNode kdf, KeyBlob.Wrap wrap) {
        var node = ProtocolJson.mapper().createObjectNode();
        node.put("type", type);
        node.set("kdf", kdf);
        node.put("aead", AEAD);
        node.put("nonce", Bytes.base64url(wrap.nonce()));
        node.put("ciphertext", Bytes.base64url(wrap.ciphertext()));
        return node;
    }

    static KeyBlob parse(String json) {
        JsonNode root;
        try {
            root = ProtocolJson.mapper().readTree(json);
        } catch (JacksonException e) {
            throw invalid("the key blob is not JSON");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(text(root, "format"))) {
            throw invalid("the key blob is not a " + FORMAT);
        }
        int version = integer(root, "version");
        if (version > KeyBlob.VERSION) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_FORMAT,
                    "the key blob has version " + version + "; this SDK reads version " + KeyBlob.VERSION, null);
        }
        if (version != KeyBlob.VERSION) {
            throw invalid("the key blob has an unknown version");
        }
        only(root, "format", "version", "key_check", "wraps");
        var wraps = root.get("wraps");
        if (wraps == null || !wraps.isArray() || wraps.isEmpty() || wraps.size() > 2) {
            throw invalid("the key blob must have one or two wrappings");
        }
        KeyBlob.PasswordWrap password = null;
        KeyBlob.RecoveryWrap recovery = null;
        try {
            for (var wrap : wraps) {
                switch (text(wrap, "type")) {
                    case "password" -> {
                        if (password != null) {
                            throw invalid("the key blob has two password wrappings");
                        }
                        password = passwordWrap(wrap);
                    }
                    case "recovery" -> {
                        if (recovery != null) {
                            throw invalid("the key blob has two recovery wrappings");
                        }
                        recovery = recoveryWrap(wrap);
                    }
                    default -> throw invalid("the key blob has a wrapping of an unknown type");
                }
            }
            if (password == null) {
                throw invalid("the key blob has no password wrapping");
            }
            return new KeyBlob(bytes(root, "key_check"), password, recovery);
        } catch (IllegalArgumentException e) {
            throw invalid("the key blob has a malformed value: " + e.getMessage());
        }
    }

    private static KeyBlob.PasswordWrap passwordWrap(JsonNode wrap) {
        var kdf = wrapHeader(wrap);
        only(kdf, "name", "version", "memory_kib", "iterations", "parallelism", "salt");
        if (!"argon2id".equals(text(kdf, "name")) || integer(kdf, "version") != 19) {
            throw invalid("a password wrapping must use argon2id version 19");
        }
        var params = new Argon2Params(integer(kdf, "memory_kib"), integer(kdf, "iterations"),
                integer(kdf, "parallelism"));
        return new KeyBlob.PasswordWrap(params, bytes(kdf, "salt"), bytes(wrap, "nonce"), bytes(wrap, "ciphertext"));
    }

    private static KeyBlob.RecoveryWrap recoveryWrap(JsonNode wrap) {
        var kdf = wrapHeader(wrap);
        only(kdf, "name", "salt");
        if (!"hkdf-sha256".equals(text(kdf, "name"))) {
            throw invalid("a recovery wrapping must use hkdf-sha256");
        }
        return new KeyBlob.RecoveryWrap(bytes(kdf, "salt"), bytes(wrap, "nonce"), bytes(wrap, "ciphertext"));
    }

    private static JsonNode wrapHeader(JsonNode wrap) {
        only(wrap, "type", "kdf", "aead", "nonce", "ciphertext");
        if (!AEAD.equals(text(wrap, "aead"))) {
            throw invalid("a wrapping must use " + AEAD);
        }
        var kdf = wrap.get("kdf");
        if (kdf == null || !kdf.isObject()) {
            throw invalid("a wrapping needs a kdf object");
        }
        return kdf;
    }

    private static void only(JsonNode node, String... names) {
        var allowed = Set.of(names);
        var seen = new HashSet<>(node.propertyNames());
        if (!allowed.equals(seen)) {
            throw invalid("the key blob has missing or unknown properties");
        }
    }

    private static String text(JsonNode node, String name) {
        @Nullable JsonNode value = node.get(name);
        if (value == null || !value.isString()) {
            throw invalid("the key blob needs a string " + name);
        }
        return value.stringValue();
    }

    private static int integer(JsonNode node, String name) {
        @Nullable JsonNode value = node.get(name);
        if (value == null || !value.isInt()) {
            throw invalid("the key blob needs an integer " + name);
        }
        return value.intValue();
    }

    private static byte[] bytes(JsonNode node, String name) {
        return Bytes.fromBase64url(text(node, name));
    }

    private static CryptoException invalid(String message) {
        return new CryptoException(CryptoException.Reason.INVALID_KEY_BLOB, message, null);
    }
}
