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
     * Starts the body of a push batch: the engine writes each op into it as read from its changelog. The default
     * writes the ops as captured; an end-to-end encrypted space's transport returns a writer that seals each op as it
     * is written ({@link PushBodyWriter#sealing}), so that the body is ready to send.
     *
     * @param spaceId the space the batch goes to (its real id)
     * @param deviceId the pushing device
     * @param schemaVersion the declaration's version
     * @return a new writer, for one body
     */
    default PushBodyWriter bodyWriter(UUID spaceId, UUID deviceId, int schemaVersion) {
        return new PushBodyWriter(deviceId, schemaVersion);
    }

    /**
     * Turns a body written as captured (by a plain {@link PushBodyWriter}) into the body to send, for the same ops
     * in the same order; a body from {@link #bodyWriter} is returned as it is. {@link #pushBody} accepts either
     * form. The default returns the body.
     *
     * @param spaceId the space
     * @param body the batch as written
     * @return the body to send
     * @throws dev.synckit.client.SyncKitException if the batch cannot be sent; then nothing of it is
     */
    default PushBody prepare(UUID spaceId, PushBody body) {
        return body;
    }

    /**
     * Pushes an encoded batch, as {@link SyncKitClient#push} does.
     *
     * @param spaceId the space
     * @param body the encoded request, from {@link #bodyWriter} or written as captured
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
     * Returns whether pulled pages need work after their download ({@link #openPage}), so that downloading the next
     * page while this one is worked on pays. The default is false: {@link #pullPage} returns pages ready to apply.
     *
     * @return whether {@link #downloadPage} and {@link #openPage} split {@link #pullPage}
     */
    default boolean opensPages() {
        return false;
    }

    /**
     * Downloads and decodes a page without the work {@link #openPage} does; the default is {@link #pullPage}.
     *
     * @param spaceId the space
     * @param after the cursor
     * @param limit the most ops to return
     * @return the decoded page, its cursor and flags final, its ops possibly not yet usable
     * @throws dev.synckit.client.SyncKitException as {@link SyncKitClient#pull} does
     */
    default RemotePage downloadPage(UUID spaceId, long after, int limit) {
        return pullPage(spaceId, after, limit);
    }

    /**
     * Makes a {@linkplain #downloadPage downloaded} page ready to apply; the default returns it as it is.
     *
     * @param spaceId the space
     * @param downloaded the page as downloaded
     * @return the page ready to apply
     * @throws dev.synckit.client.CryptoException if an op of an encrypted space fails to open; then nothing is
     *         returned
     */
    default RemotePage openPage(UUID spaceId, RemotePage downloaded) {
        return downloaded;
    }

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
