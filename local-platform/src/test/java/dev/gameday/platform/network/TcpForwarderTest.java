package dev.gameday.platform.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Edges relay every byte in order, pass the half-close on, and impair traffic the ways a zone fault does. */
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

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void relaysAFewMegabytesBothWaysIntact() throws Exception {
        Echo echo = echo("");
        TcpForwarder edge = edge(echo);
        byte[] sent = new byte[8 * 1024 * 1024];
        new Random(4).nextBytes(sent);
        try (Socket client = client(edge)) {
            // Written from another thread: the echo pushes back while we are still writing.
            Thread writer = new Thread(() -> {
                try {
                    client.getOutputStream().write(sent);
                    client.shutdownOutput();
                } catch (IOException ignored) {
                    // the read below fails the test
                }
            });
            writer.start();
            byte[] received = client.getInputStream().readAllBytes();
            writer.join();
            assertThat(received.length).isEqualTo(sent.length);
            assertThat(Arrays.equals(received, sent)).isTrue();
        }
    }

    @Test
    void aBlackholedEdgeStallsOpenAndNewConnectionsUntilRestored() throws Exception {
        Echo echo = echo("");
        TcpForwarder edge = edge(echo);
        try (Socket first = client(edge)) {
            assertThat(roundTrip(first, "before")).isEqualTo("before");
            edge.blackhole();
            assertThat(edge.isBlackholed()).isTrue();
            write(first, "during");
            try (Socket second = client(edge)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> edge.activeConnections() == 2);
                // The new connection is accepted by the edge but never reaches the upstream while it is dark.
                assertThat(echo.accepted()).isEqualTo(1);
                write(second, "queued");
                edge.restore();
                assertThat(read(first, "during".length())).isEqualTo("during");
                assertThat(read(second, "queued".length())).isEqualTo("queued");
                assertThat(echo.accepted()).isEqualTo(2);
            }
        }
    }

    @Test
    void resetConnectionsResetsTheClientSide() throws Exception {
        Echo echo = echo("");
        TcpForwarder edge = edge(echo);
        try (Socket client = client(edge)) {
            assertThat(roundTrip(client, "x")).isEqualTo("x");
            edge.resetConnections();
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.activeConnections() == 0);
        }
    }

    @Test
    void redirectMovesNewConnectionsAndLeavesOpenOnesWhereTheyAre() throws Exception {
        Echo a = echo("a:");
        Echo b = echo("b:");
        TcpForwarder edge = edge(a);
        try (Socket before = client(edge)) {
            assertThat(roundTrip(before, "a:", "1")).isEqualTo("a:1");
            edge.redirect(b.address());
            try (Socket after = client(edge)) {
                assertThat(roundTrip(after, "b:", "2")).isEqualTo("b:2");
                assertThat(roundTrip(before, "a:", "3")).isEqualTo("a:3");
            }
        }
    }

    @Test
    void anUpstreamThatRefusesEndsTheClientsConnection() throws Exception {
        InetSocketAddress nowhere;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = (InetSocketAddress) s.getLocalSocketAddress();
        }
        TcpForwarder edge = TcpForwarder.open("test", nowhere);
        open.add(edge);
        try (Socket client = client(edge)) {
            // Reset (or at least ended), never a connection that hangs.
            int read;
            try {
                read = client.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
        }
    }

    private TcpForwarder edge(Echo upstream) {
        TcpForwarder edge = TcpForwarder.open("test", upstream.address());
        open.add(edge);
        return edge;
    }

    private Echo echo(String prefix) throws IOException {
        Echo echo = new Echo(prefix);
        open.add(echo);
        return echo;
    }

    private static Socket client(TcpForwarder edge) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), edge.port());
        client.setSoTimeout(10_000); // lost bytes fail the test instead of hanging it
        return client;
    }

    /** Sends a small message and reads its echo: the echo's prefix plus the message (one chunk each way). */
    private static String roundTrip(Socket socket, String prefix, String text) throws IOException {
        write(socket, text);
        return read(socket, prefix.length() + text.length());
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        return roundTrip(socket, "", text);
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static String read(Socket socket, int length) throws IOException {
        byte[] bytes = new DataInputStream(socket.getInputStream()).readNBytes(length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An upstream that echoes what each connection sends, each chunk prefixed, and counts its connections. */
    private static final class Echo implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();

        Echo(String prefix) throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        accepted.incrementAndGet();
                        Thread serve = new Thread(() -> {
                            try (s) {
                                byte[] buffer = new byte[64 * 1024];
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream();
                                int n;
                                while ((n = in.read(buffer)) >= 0) {
                                    out.write(prefix.getBytes(StandardCharsets.UTF_8));
                                    out.write(buffer, 0, n);
                                    out.flush();
                                }
                                s.shutdownOutput();
                            } catch (IOException ignored) {
                                // reset by the test
                            }
                        });
                        serve.setDaemon(true);
                        serve.start();
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
