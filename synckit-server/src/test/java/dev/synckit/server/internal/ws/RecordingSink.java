package dev.synckit.server.internal.ws;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.ServerFrame;

/**
 * A {@link FrameSink} that records what was sent. With {@link #stalled} set it never completes a send, like a
 * client that stopped reading.
 */
final class RecordingSink implements FrameSink {

    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile boolean stalled;
    volatile int closeCode;
    volatile boolean disconnected;

    @Override
    public CompletableFuture<Void> send(String text) {
        sent.add(text);
        return stalled ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }

    @Override
    public void disconnect() {
        disconnected = true;
    }

    List<ServerFrame> frames() {
        return sent.stream().map(t -> ProtocolJson.mapper().readValue(t, ServerFrame.class)).toList();
    }
}
