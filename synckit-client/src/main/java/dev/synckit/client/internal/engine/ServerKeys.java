package dev.synckit.client.internal.engine;

import java.util.Optional;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.KeyBlob;

/** Reads the account's key blob from the server ({@code GET /v1/keys}). */
final class ServerKeys {

    private ServerKeys() {
    }

    /**
     * Fetches the blob.
     *
     * @return the stored blob, or empty if the account has none, or if the client cannot store blobs at all (a test
     *         double or decorator without key support: its spaces cannot be encrypted)
     */
    static Optional<KeyBlob> fetch(SyncKitClient client) {
        try {
            return client.fetchKeyBlob();
        } catch (UnsupportedOperationException e) {
            return Optional.empty(); // no key storage on this client, so no encryption either
        }
    }

    /**
     * Fetches the blob that must exist.
     *
     * @throws IllegalStateException if the account has none
     */
    static KeyBlob require(SyncKitClient client) {
        return fetch(client).orElseThrow(() -> new IllegalStateException("end-to-end encryption is not set up for "
                + "this account: set it up on the first device with setupEncryptionNew(password)"));
    }

    /**
     * Checks a password argument.
     *
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is empty
     */
    static void requirePassword(String what, char[] password) {
        if (password == null) {
            throw new NullPointerException(what);
        }
        if (password.length == 0) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
