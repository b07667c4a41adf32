package dev.synckit.client.internal.transport;

import java.util.UUID;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.PushResponse;

/**
 * Adapts a {@link SyncKitClient} that is not the HTTP one to {@link BulkTransport}: a push body is parsed into the
 * {@code PushRequest} record (so every rule of the records applies to what the engine encoded) and a pulled
 * {@code PullPage} is encoded and decoded again (so the engine's page decoder runs whatever the client). Costs a
 * round of JSON per call, which only test doubles and decorators pay.
 */
final class RecordTransport implements BulkTransport {

    private final SyncKitClient client;

    RecordTransport(SyncKitClient client) {
        this.client = client;
    }

    @Override
    public PushResponse pushBody(UUID spaceId, PushBody body) {
        var request = ProtocolJson.mapper().readValue(body.json(), PushRequest.class);
        return BulkTransport.requireOneResultPerOp(client.push(spaceId, request.deviceId(), request.ops()),
                body.size());
    }

    @Override
    public RemotePage pullPage(UUID spaceId, long after, int limit) {
        var page = client.pull(spaceId, after, limit);
        return PageDecoder.decode(ProtocolJson.mapper().writeValueAsBytes(page));
    }
}
