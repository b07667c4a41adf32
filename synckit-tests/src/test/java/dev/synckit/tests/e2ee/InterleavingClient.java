package dev.synckit.tests.e2ee;

import java.net.http.WebSocket;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.Device;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushResponse;

/**
 * The real HTTP client of a device, with one hook: work to run right before its next key blob upload, after the
 * device read the blob; it also counts key blob fetches. A test uses it to put another device's password change exactly between this device's read
 * and write, the interleaving that a compare-and-set must catch, without timing or sleeps.
 */
final class InterleavingClient implements SyncKitClient {

    private final SyncKitClient delegate;
    private final AtomicReference<Runnable> beforeNextPut = new AtomicReference<>();
    /** How many times the key blob was fetched through this client. */
    final AtomicInteger keyFetches = new AtomicInteger();

    InterleavingClient(SyncKitClient delegate) {
        this.delegate = delegate;
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

    @Override
    public AccountInfo account() {
        return delegate.account();
    }

    @Override
    public Device registerDevice(String hostname, String platform) {
        return delegate.registerDevice(hostname, platform);
    }

    @Override
    public List<Device> listDevices() {
        return delegate.listDevices();
    }

    @Override
    public PushResponse push(UUID spaceId, UUID deviceId, List<Op> ops) {
        return delegate.push(spaceId, deviceId, ops);
    }

    @Override
    public PullPage pull(UUID spaceId, long after, int limit) {
        return delegate.pull(spaceId, after, limit);
    }

    @Override
    public CompletableFuture<WebSocket> openRealtime(WebSocket.Listener listener) {
        return delegate.openRealtime(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
