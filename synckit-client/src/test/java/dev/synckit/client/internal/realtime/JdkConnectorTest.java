package dev.synckit.client.internal.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncKitClient;

/** Opening a realtime socket on a server that accepts the connection and never answers the upgrade. */
class JdkConnectorTest {

    @Test
    void anUpgradeThatIsNeverAnsweredFailsWithinTheConnectorsTimeoutNotTheClients() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var client = SyncKitClient.builder().serverUrl(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                     .apiKey("sk_test_never_checked").requestTimeout(Duration.ofSeconds(60)).build()) {
            var accepted = new ArrayList<Socket>();
            var acceptor = Thread.ofPlatform().daemon().start(() -> acceptForever(silent, accepted));
            var connector = new JdkConnector(client, Duration.ofMillis(300));

            long start = System.nanoTime();
            assertThatThrownBy(() -> connector.open(event -> { }))
                    .isInstanceOf(NetworkException.class).hasMessageContaining("did not open within 300 ms");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // The client's own bound is 2 x 60 s; the connector gives up long before.
            assertThat(tookMs).isBetween(300L, 30_000L);
            synchronized (accepted) {
                assertThat(accepted).as("the connection was made; only the answer never came").isNotEmpty();
                for (var socket : accepted) {
                    socket.close();
                }
            }
            silent.close();
            acceptor.join(10_000);
        }
    }

    private static void acceptForever(ServerSocket server, List<Socket> accepted) {
        try {
            while (true) {
                var socket = server.accept(); // held open, never read, never answered
                synchronized (accepted) {
                    accepted.add(socket);
                }
            }
        } catch (IOException e) {
            // the server socket was closed: the test is over
        }
    }
}
