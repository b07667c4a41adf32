package dev.synckit.client.internal.engine;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.internal.realtime.RealtimeWorker;
import dev.synckit.client.internal.transport.BulkTransport;
import dev.synckit.client.internal.transport.PushBody;
import dev.synckit.client.internal.transport.PushBodyWriter;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.protocol.PushResponse;

/**
 * Sends pushes over the engine's open realtime socket ({@link RealtimeWorker#push}), which saves the HTTP request
 * each push otherwise costs: what brings a local write to other devices within a few milliseconds. Everything else,
 * and every push the socket cannot carry (none open, a large bulk batch, the socket lost before the answer), goes to
 * the transport below, over HTTP; a push repeated that way after the server did take it is answered
 * {@code duplicate}, as for any retried push. Safe for concurrent use.
 */
final class SocketPushTransport implements BulkTransport {

    private final BulkTransport http;
    private final RealtimeWorker socket;

    private SocketPushTransport(BulkTransport http, RealtimeWorker socket) {
        this.http = http;
        this.socket = socket;
    }

    /** Returns {@code http} with its pushes sent over {@code socket} while that is open, or {@code http} itself. */
    static BulkTransport over(BulkTransport http, @Nullable RealtimeWorker socket) {
        return socket == null ? http : new SocketPushTransport(http, socket);
    }

    @Override
    public PushBody prepare(UUID spaceId, PushBody body) {
        return http.prepare(spaceId, body);
    }

    @Override
    public PushBodyWriter bodyWriter(UUID spaceId, UUID deviceId, int schemaVersion) {
        return http.bodyWriter(spaceId, deviceId, schemaVersion);
    }

    @Override
    public PushResponse pushBody(UUID spaceId, PushBody body) {
        var ready = http.prepare(spaceId, body); // a body written as captured is sealed before it leaves
        var answer = socket.push(spaceId, ready);
        if (answer == null) {
            return http.pushBody(spaceId, ready);
        }
        return BulkTransport.requireOneResultPerOp(answer, ready.size());
    }

    @Override
    public RemotePage pullPage(UUID spaceId, long after, int limit) {
        return http.pullPage(spaceId, after, limit);
    }

    @Override
    public boolean opensPages() {
        return http.opensPages();
    }

    @Override
    public RemotePage downloadPage(UUID spaceId, long after, int limit) {
        return http.downloadPage(spaceId, after, limit);
    }

    @Override
    public RemotePage openPage(UUID spaceId, RemotePage downloaded) {
        return http.openPage(spaceId, downloaded);
    }
}
