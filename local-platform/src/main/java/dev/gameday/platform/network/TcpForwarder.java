package dev.gameday.platform.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.RejectedExecutionException;

/**
 * One platform-owned network edge: a TCP listener on the loopback interface that relays every
 * connection to an upstream address. Because every edge of the platform (load balancer → task,
 * task → database writer, task → queue) passes through one of these per zone, the platform can
 * impair a zone the way a network ACL or an AZ power loss would: {@link #blackhole()} stalls the
 * traffic (bytes wait, as TCP retransmission would, until {@link #restore()}),
 * {@link #resetConnections()} kills what is open, {@link #redirect} moves new connections
 * elsewhere (a database failover) and {@link #latency(Duration)} slows every chunk down.
 */
public final class TcpForwarder implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String name;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile InetSocketAddress upstream;
    private volatile Duration toUpstreamLatency = Duration.ZERO;
    private volatile Duration toClientLatency = Duration.ZERO;
    private boolean blackholed;
    private volatile boolean closed;

    private TcpForwarder(String name, ServerSocket server, InetSocketAddress upstream) {
        this.name = name;
        this.server = server;
        this.upstream = upstream;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fwd-" + name + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "fwd-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Opens a forwarder on an ephemeral loopback port.
     *
     * @param name     what the edge is, for thread names and events, e.g. {@code db-writer@local-1a}
     * @param upstream where connections go
     */
    public static TcpForwarder open(String name, InetSocketAddress upstream) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        try {
            ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            return new TcpForwarder(name, server, upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open forwarder " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Where new connections currently go. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Sends new connections to {@code to}; open ones stay where they are (reset them to move them). */
    public void redirect(InetSocketAddress to) {
        this.upstream = Objects.requireNonNull(to, "to");
    }

    /** Stalls all traffic, both ways, on open and new connections, until {@link #restore()}. */
    public void blackhole() {
        synchronized (gate) {
            blackholed = true;
        }
    }

    /** Lets stalled traffic flow again. */
    public void restore() {
        synchronized (gate) {
            blackholed = false;
            gate.notifyAll();
        }
    }

    /** The delay added to each chunk relayed back to the client. */
    public Duration latencyToClient() {
        return toClientLatency;
    }

    public boolean isBlackholed() {
        synchronized (gate) {
            return blackholed;
        }
    }

    /** Delays every chunk relayed, both ways, by {@code delay} (zero to stop). */
    public void latency(Duration delay) {
        latency(delay, delay);
    }

    /**
     * Delays every chunk relayed towards the upstream by {@code toUpstream} and every chunk
     * relayed back to the client by {@code toClient} (zero to stop). One direction alone is what
     * {@code tc netem} on one side's egress does.
     */
    public void latency(Duration toUpstream, Duration toClient) {
        this.toUpstreamLatency = Objects.requireNonNull(toUpstream, "toUpstream");
        this.toClientLatency = Objects.requireNonNull(toClient, "toClient");
    }

    /** Resets every open connection (both sides see a reset), as a crashed peer or a failover would. */
    public void resetConnections() {
        for (Link link : links) {
            link.reset();
        }
    }

    /** How many connections are open through this edge. */
    public int activeConnections() {
        return links.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listener that is going away anyway
        }
        restore();
        resetConnections();
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket target = new Socket();
        Link link = new Link(client, target);
        links.add(link);
        try {
            client.setTcpNoDelay(true);
            // A blackholed edge never reaches the upstream: the client sees a connection that never answers.
            awaitOpen();
            target.setTcpNoDelay(true);
            target.connect(upstream, CONNECT_TIMEOUT_MILLIS);
            threads.execute(() -> pump(link, target, client, false));
            pump(link, client, target, true);
        } catch (IOException | InterruptedException e) {
            // The upstream refused or went away: the client must see it as a broken connection, not a hang.
            link.reset();
        }
    }

    private void pump(Link link, Socket from, Socket to, boolean towardsUpstream) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitOpen();
                Duration delay = towardsUpstream ? toUpstreamLatency : toClientLatency;
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                awaitOpen();
                out.write(buffer, 0, n);
                out.flush();
            }
            // Pass the half-close on, so request/response protocols that rely on it still work.
            to.shutdownOutput();
            link.halfClosed();
        } catch (IOException | InterruptedException e) {
            link.reset();
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (blackholed && !closed) {
                gate.wait();
            }
        }
    }

    /** One relayed connection: the client side and the upstream side. */
    private final class Link {
        private final Socket client;
        private final Socket target;
        private final AtomicInteger halves = new AtomicInteger();

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void halfClosed() {
            if (halves.incrementAndGet() == 2) {
                closeQuietly(client);
                closeQuietly(target);
                links.remove(this);
            }
        }

        void reset() {
            abort(client);
            abort(target);
            links.remove(this);
        }

        private void abort(Socket socket) {
            try {
                if (!socket.isClosed() && socket.isConnected()) {
                    socket.setSoLinger(true, 0); // RST rather than FIN: the peer sees "connection reset"
                }
            } catch (SocketException ignored) {
                // already gone
            }
            closeQuietly(socket);
        }

        private void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with a socket that will not close
            }
        }
    }
}
