package dev.synckit.client.internal.realtime;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.synckit.protocol.ServerFrame;

/**
 * The pushes sent on one socket that wait for their answer ({@code push_result}, or an {@code error} with their
 * {@code request_id}). The socket's reader completes them as the answers arrive, on its own thread, so that an
 * answer never queues behind a streamed frame the worker is still applying (the apply waits for the file's lock,
 * which the pushing sync holds). When the socket is gone every waiting push fails, and so does every push
 * registered after that: the pusher then sends it over HTTP.
 *
 * <p>Safe for concurrent use.
 */
final class PendingPushes {

    private final Map<String, CompletableFuture<ServerFrame>> waiting = new ConcurrentHashMap<>();
    private volatile boolean gone;

    /**
     * Registers a push about to be sent.
     *
     * @param requestId its request id, unique on this socket
     * @return completed with the answer; failed with {@link SocketGoneException} if the socket goes first
     */
    CompletableFuture<ServerFrame> register(String requestId) {
        var answer = new CompletableFuture<ServerFrame>();
        waiting.put(requestId, answer);
        if (gone) {
            fail(requestId, "the realtime socket is closed");
        }
        return answer;
    }

    /** Returns whether a push waits for its answer. */
    boolean any() {
        return !waiting.isEmpty();
    }

    /**
     * Hands a frame to the push it answers.
     *
     * @return whether the frame is an answer to a push (also one whose push no longer waits)
     */
    boolean answer(ServerFrame frame) {
        String requestId = switch (frame) {
            case ServerFrame.PushResult result -> result.requestId();
            case ServerFrame.Error error -> error.requestId();
            default -> null;
        };
        if (requestId == null) {
            return false;
        }
        var push = waiting.remove(requestId);
        if (push != null) {
            push.complete(frame);
        }
        return true;
    }

    /** Gives up on a push: it fails with {@link SocketGoneException}, and a late answer to it is dropped. */
    void fail(String requestId, String why) {
        var push = waiting.remove(requestId);
        if (push != null) {
            push.completeExceptionally(new SocketGoneException(why));
        }
    }

    /** The socket is gone: every waiting push fails, and every later one at once. */
    void socketGone(String why) {
        gone = true;
        waiting.keySet().forEach(id -> fail(id, why));
    }

    /** The socket went before a push was answered: the push may or may not have reached the server. */
    static final class SocketGoneException extends Exception {
        SocketGoneException(String message) {
            super(message, null, false, false);
        }
    }
}
