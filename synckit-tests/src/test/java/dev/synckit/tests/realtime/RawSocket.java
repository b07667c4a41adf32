package dev.synckit.tests.realtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A hand-made WebSocket client on a plain TCP socket, for what the JDK's client will not do: read nothing at all
 * (with a tiny receive buffer, so the server's writes back up), send an oversized or binary frame, and show the HTTP
 * answer of a refused upgrade with its body.
 */
final class RawSocket implements AutoCloseable {

    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    private static final int CONTINUATION = 0;

    /** One message: its opcode and payload (for a close, the code is in the first two bytes). */
    record Message(int opcode, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final String response;

    private RawSocket(Socket socket, DataInputStream in, OutputStream out, int status, String response) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.status = status;
        this.response = response;
    }

    /**
     * Connects and sends the upgrade request.
     *
     * @param server the server's base URI
     * @param apiKey the key for {@code Authorization}, or null for none
     * @param receiveBuffer the socket's receive buffer in bytes, or 0 for the default
     */
    static RawSocket connect(URI server, @Nullable String apiKey, int receiveBuffer) throws IOException {
        var socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect: it sets the TCP window
        }
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 10_000);
        socket.setSoTimeout((int) WsProbe.WAIT.toMillis());
        var out = socket.getOutputStream();
        var key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        var request = "GET /v1/ws HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + (apiKey == null ? "" : "Authorization: Bearer " + apiKey + "\r\n") + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var in = new DataInputStream(socket.getInputStream());
        var head = readHead(in);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        var response = head;
        if (status != 101) {
            response = head + readBody(in, head);
        }
        return new RawSocket(socket, in, out, status, response);
    }

    /** The HTTP status of the upgrade: 101 when it succeeded. */
    int status() {
        return status;
    }

    /** The HTTP answer to the upgrade request: head, and for a refusal the body. */
    String response() {
        return response;
    }

    void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked, unfragmented frame. */
    void send(int opcode, byte[] payload) throws IOException {
        var frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        var mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Reads the next message, joining continuation frames; a close, or the end of the connection (opcode -1).
     *
     * @param timeout how long to wait for it
     */
    Message read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        var payload = new ByteArrayOutputStream();
        int opcode = -1;
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                var data = in.readNBytes((int) length);
                int code = b0 & 0x0f;
                if (code != CONTINUATION) {
                    opcode = code;
                }
                payload.write(data);
                if ((b0 & 0x80) != 0 || code == CLOSE) {
                    return new Message(opcode, payload.toByteArray());
                }
            }
        } catch (EOFException | SocketException e) {
            return new Message(-1, new byte[0]); // closed (FIN) or reset (RST) by the server
        }
    }

    /** Reads messages until one is a close or the connection ends; returns it. */
    Message readUntilClosed(Duration timeout) throws IOException {
        while (true) {
            var m = read(timeout);
            if (m.opcode() == CLOSE || m.opcode() == -1) {
                return m;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection during the upgrade");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String readBody(InputStream in, String head) throws IOException {
        for (var line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring("content-length:".length()).strip());
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
