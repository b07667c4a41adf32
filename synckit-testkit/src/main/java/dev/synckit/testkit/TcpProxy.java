package dev.synckit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP forwarder that a test can cut and restore, to take a real service (such as PostgreSQL) away from
 * the code under test and give it back without stopping the service:
 *
 * {@snippet :
 * try (var proxy = TcpProxy.start("127.0.0.1", 5432)) {
 *     // point the code under test at 127.0.0.1:proxy.port()
 *     proxy.cut();      // open connections are reset, new ones are closed at once
 *     proxy.restore();  // new connections reach the service again
 * }
 * }
 *
 * <p>Bytes are copied unchanged in both directions, one virtual thread per direction. Safe for concurrent use;
 * {@link #close()} stops it and closes every connection.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("synckit-tcp-proxy-", 0).factory());
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts forwarding a random loopback port to {@code host:port}.
     *
     * @param host the service's host
     * @param port the service's port
     * @return the running proxy
     * @throws IOException if no loopback port can be bound
     */
    public static TcpProxy start(String host, int port) throws IOException {
        return new TcpProxy(Objects.requireNonNull(host, "host"), port);
    }

    /** Returns the loopback address to connect to instead of the service: always {@code 127.0.0.1}. */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** Returns the port to connect to instead of the service's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Returns whether the proxy is cut. */
    public boolean isCut() {
        return cut.get();
    }

    /** Cuts the service off: closes every forwarded connection and closes new ones as soon as they arrive. */
    public void cut() {
        cut.set(true);
        open.forEach(TcpProxy::closeQuietly);
    }

    /** Forwards new connections again. */
    public void restore() {
        cut.set(false);
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut.get()) {
                closeQuietly(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        var server = new Socket();
        try {
            server.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        open.add(client);
        open.add(server);
        if (cut.get() || closed.get()) {
            // cut() ran while this connection was being set up and did not see it.
            closeBoth(client, server);
            return;
        }
        threads.execute(() -> pump(client, server));
        threads.execute(() -> pump(server, client));
    }

    private void pump(Socket from, Socket to) {
        var buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // A reset or a close from either side ends both directions.
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        open.remove(a);
        open.remove(b);
        closeQuietly(a);
        closeQuietly(b);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing a socket that is already broken: nothing left to do.
        }
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            // The listener is gone either way.
        }
        open.forEach(TcpProxy::closeQuietly);
        threads.shutdownNow();
    }
}
