package dev.synckit.client.internal.transport;

import java.util.UUID;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.PushResponse;

/**
 * The engine's view of a server for the push and pull of ops: a push body already encoded by
 * {@link PushBodyWriter}, and a pulled page decoded by {@link PageDecoder}. {@link HttpSyncKitClient} implements it
 * by sending and reading the bytes as they are; any other {@link SyncKitClient} (a test double, an app's decorator)
 * is adapted through the records of its public methods, so the engine has one code path whatever the client.
 *
 * <p>Implementations are safe for concurrent use: the engine may fetch the next page while it applies one.
 */
public interface BulkTransport {

    /**
     * Pushes an encoded batch, as {@link SyncKitClient#push} does.
     *
     * @param spaceId the space
     * @param body the encoded request
     * @return one result per op, in request order
     * @throws dev.synckit.client.SyncKitException as {@link SyncKitClient#push} does
     */
    PushResponse pushBody(UUID spaceId, PushBody body);

    /**
     * Pulls one page, as {@link SyncKitClient#pull} does.
     *
     * @param spaceId the space
     * @param after the cursor
     * @param limit the most ops to return
     * @return the decoded page
     * @throws dev.synckit.client.SyncKitException as {@link SyncKitClient#pull} does
     */
    RemotePage pullPage(UUID spaceId, long after, int limit);

    /**
     * Returns the bulk view of a client.
     *
     * @param client the client
     * @return the client itself if it speaks bulk, else an adapter over its public methods
     */
    static BulkTransport of(SyncKitClient client) {
        return client instanceof BulkTransport bulk ? bulk : new RecordTransport(client);
    }

    /** Checks that an answer has one result per pushed op. */
    static PushResponse requireOneResultPerOp(PushResponse response, int ops) {
        if (response.results().size() != ops) {
            throw new dev.synckit.client.ServerException(200, null, "push answer has " + response.results().size()
                    + " results for " + ops + " ops", null);
        }
        return response;
    }
}
