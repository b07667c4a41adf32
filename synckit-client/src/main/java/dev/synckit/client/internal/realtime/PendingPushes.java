package dev.synckit.client.internal.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.NetworkException;
import dev.synckit.client.internal.transport.ErrorMapping;
import dev.synckit.protocol.PushResponse;
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
        // However it ends (answered, failed, or cancelled by a waiter that timed out or was interrupted), it stops
        // waiting: a push nobody waits for must not keep the socket's reader requesting frames eagerly.
        answer.whenComplete((frame, failure) -> waiting.remove(requestId, answer));
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

    /**
     * The {@code push} frame of an encoded push request: its properties ({@code device_id}, {@code ops}) after the
     * frame's own, the body's bytes as they are.
     *
     * @throws IllegalArgumentException if the body is not a JSON object
     */
    static String frame(String requestId, UUID spaceId, byte[] body) {
        if (body.length < 2 || body[0] != '{') {
            throw new IllegalArgumentException("a push body is a JSON object");
        }
        return "{\"type\":\"push\",\"request_id\":\"" + requestId + "\",\"space_id\":\"" + spaceId + "\","
                + new String(body, 1, body.length - 1, StandardCharsets.UTF_8);
    }

    /**
     * Waits for a push's answer.
     *
     * @param answer as {@link Link#push} returned it
     * @return the server's response; null if the socket went (or the frame could not be sent) before the answer
     * @throws TimeoutException if no answer came within {@code timeout}; a late one is dropped
     * @throws dev.synckit.client.SyncKitException the server's refusal, as the HTTP push would have thrown it
     * @throws NetworkException if the calling thread is interrupted while it waits
     */
    static @Nullable PushResponse await(CompletableFuture<ServerFrame> answer, Duration timeout)
            throws TimeoutException {
        ServerFrame frame;
        try {
            frame = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return null;
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new TimeoutException("no answer to a push within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(false);
            Thread.currentThread().interrupt();
            throw new NetworkException("interrupted while waiting for the server", e);
        }
        return switch (frame) {
            case ServerFrame.PushResult result -> new PushResponse(result.results(), result.lastSeq());
            case ServerFrame.Error error -> throw ErrorMapping.toException(error);
            default -> throw new IllegalStateException("not an answer to a push: " + frame.getClass().getSimpleName());
        };
    }

    /** The socket went before a push was answered: the push may or may not have reached the server. */
    static final class SocketGoneException extends Exception {
        SocketGoneException(String message) {
            super(message, null, false, false);
        }
    }
}
