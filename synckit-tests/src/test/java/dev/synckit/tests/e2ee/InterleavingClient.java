package dev.synckit.tests.e2ee;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.tests.ForwardingClient;

/**
 * The real HTTP client of a device, with one hook: work to run right before its next key blob upload, after the
 * device read the blob. A test uses it to put another device's password change exactly between this device's read
 * and write, the interleaving that a compare-and-set must catch, without timing or sleeps. It also counts key blob
 * fetches.
 */
final class InterleavingClient extends ForwardingClient {

    private final AtomicReference<Runnable> beforeNextPut = new AtomicReference<>();
    /** How many times the key blob was fetched through this client. */
    final AtomicInteger keyFetches = new AtomicInteger();

    InterleavingClient(SyncKitClient delegate) {
        super(delegate);
    }

    /** Runs {@code work} once, right before the next {@link #putKeyBlob}. */
    void beforeNextPut(Runnable work) {
        beforeNextPut.set(work);
    }

    @Override
    public long putKeyBlob(String blob, long expectedVersion) {
        var work = beforeNextPut.getAndSet(null);
        if (work != null) {
            work.run();
        }
        return delegate.putKeyBlob(blob, expectedVersion);
    }

    @Override
    public Optional<KeyBlob> fetchKeyBlob() {
        keyFetches.incrementAndGet();
        return delegate.fetchKeyBlob();
    }
}
