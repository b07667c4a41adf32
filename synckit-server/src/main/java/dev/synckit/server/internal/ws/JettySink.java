package dev.synckit.server.internal.ws;

import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A {@link FrameSink} on Jetty's WebSocket session: asynchronous sends with a callback. */
final class JettySink implements FrameSink {

    private final Session session;

    JettySink(Session session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<Void> send(String text) {
        var done = new CompletableFuture<Void>();
        session.sendText(text, Callback.from(() -> done.complete(null), done::completeExceptionally));
        return done;
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }

    @Override
    public void disconnect() {
        if (session.isOpen()) {
            session.disconnect();
        }
    }
}
