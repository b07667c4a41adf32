package dev.synckit.client.internal.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A minimal HTTP/1.1 server on a loopback port that answers each request with the next canned response and
 * records what it received. Built on {@link ServerSocket} so the tests need no module beyond {@code java.base}.
 */
final class StubHttpServer implements AutoCloseable {

    record Request(String method, String target, Map<String, String> headers, String body) {
    }

    record Response(int status, String body) {
    }

    private final ServerSocket socket;
    private final Thread thread;
    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    StubHttpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().name("stub-http").daemon().start(this::serve);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    StubHttpServer answer(int status, String body) {
        responses.add(new Response(status, body));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                var requestLine = in.readLine();
                if (requestLine == null) {
                    continue;
                }
                var headers = new TreeMap<String, String>();
                for (var line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                var body = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(body, read, length - read);
                }
                var parts = requestLine.split(" ");
                requests.add(new Request(parts[0], parts[1], headers, new String(body)));
                var response = responses.take();
                var bytes = response.body().getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + response.status() + " X\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            } catch (IOException | InterruptedException e) {
                return; // closed by the test
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        thread.interrupt();
    }
}
