package dev.synckit.tests;

import java.net.http.WebSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.Device;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushResponse;

/**
 * A {@link SyncKitClient} that hands every call to a real one, for tests that change one or two calls. The key blob
 * methods keep the interface's defaults (a client without key storage) unless a subclass forwards them too.
 */
public abstract class ForwardingClient implements SyncKitClient {

    /** The client calls go to. */
    protected final SyncKitClient delegate;

    protected ForwardingClient(SyncKitClient delegate) {
        this.delegate = delegate;
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
