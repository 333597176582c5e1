package dev.gameday.platform.network;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A delayed edge still relays every byte, in order, and passes the half-close on. */
class TcpForwarderTest {

    @Test
    void aDelayedEdgeDeliversEveryChunkInOrderAndThenTheEndOfStream() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                    s.shutdownOutput();
                } catch (Exception ignored) {
                    // the test fails on what the client reads
                }
            });
            server.setDaemon(true);
            server.start();
            try (TcpForwarder edge = TcpForwarder.open("test", (InetSocketAddress) echo.getLocalSocketAddress());
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
                client.setSoTimeout(10_000); // a lost end of stream fails the test instead of hanging it
                edge.latency(Duration.ofMillis(20));
                OutputStream out = client.getOutputStream();
                StringBuilder sent = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    String chunk = "chunk-" + i + ";";
                    sent.append(chunk);
                    out.write(chunk.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (i == 25) {
                        // Lifting the delay mid-stream must not let later chunks overtake delayed ones.
                        edge.latency(Duration.ZERO);
                    }
                }
                client.shutdownOutput();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                try (InputStream in = client.getInputStream()) {
                    in.transferTo(received);
                }
                assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo(sent.toString());
            }
        }
    }
}
