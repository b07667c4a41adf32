package dev.synckit.client.internal.crypto;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

/**
 * A key and a few reusable JCE engine instances ({@code Mac} or {@code Cipher}) for it. Getting an instance from the
 * provider and setting its key costs several microseconds, more than the work itself for the short values of an op;
 * sealing 100,000 ops asks for about a million of them. Instances are taken for one operation and put back; at most
 * {@value #MAX_IDLE} wait, so a burst of threads does not leave many behind.
 *
 * <p>{@link #destroy()} wipes the key bytes this class holds and drops the idle instances; afterwards {@link #key()}
 * and {@link #take()} throw {@link IllegalStateException}. The JCE keeps its own copies of the key inside the engine
 * instances and key specs it was given; those are dropped, not wiped (no JCE API wipes them).
 *
 * <p>Safe for concurrent use: an instance is used by one thread between {@link #take()} and {@link #give}.
 *
 * @param <T> the engine type
 */
final class KeyedInstances<T> {

    static final int MAX_IDLE = 4;

    /** Makes a new engine instance for a key spec, initialised where the engine allows. */
    @FunctionalInterface
    interface Factory<T> {
        T create(SecretKeySpec key) throws java.security.GeneralSecurityException;
    }

    private final byte[] keyBytes;
    private final String algorithm;
    private final Factory<T> factory;
    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean destroyed;

    /**
     * @param keyBytes the key; copied
     * @param algorithm the key's JCE algorithm name
     * @param factory makes an instance
     */
    KeyedInstances(byte[] keyBytes, String algorithm, Factory<T> factory) {
        this.keyBytes = keyBytes.clone();
        this.algorithm = algorithm;
        this.factory = factory;
    }

    /** {@return a new spec of the key, for engines that are given the key at every use (it copies 32 bytes)} */
    SecretKeySpec key() {
        requireLive();
        return new SecretKeySpec(keyBytes, algorithm);
    }

    /** {@return an idle instance, or a new one} */
    T take() {
        requireLive();
        var instance = idle.poll();
        if (instance != null) {
            idleCount.decrementAndGet();
            return instance;
        }
        try {
            return factory.create(key());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's " + algorithm + " is unavailable", e);
        }
    }

    /** Puts back an instance whose operation completed normally; one that failed midway is simply dropped. */
    void give(T instance) {
        if (destroyed) {
            return;
        }
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.offer(instance);
        } else {
            idleCount.decrementAndGet();
        }
    }

    void destroy() {
        destroyed = true;
        idle.clear();
        Arrays.fill(keyBytes, (byte) 0);
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("the key was destroyed");
        }
    }
}
