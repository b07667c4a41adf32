package dev.synckit.server.internal.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Fresh SHA-256 digests for the stores' hot paths (an op's content hash, a row's lookup key): each is a clone of one
 * prototype, which is cheaper than asking the security providers for the algorithm every time. Thread-safe; each
 * digest returned is the caller's own.
 */
public final class Sha256 {

    /** Never updated itself, only cloned. */
    private static final MessageDigest PROTOTYPE = newDigest();

    private Sha256() {
    }

    /** {@return a fresh SHA-256 digest} */
    public static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
