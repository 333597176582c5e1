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
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.RejectedExecutionException;

/**
 * One platform-owned network edge: a TCP listener on the loopback interface that relays every
 * connection to an upstream address. Because every edge of the platform (load balancer → task,
 * task → database writer, task → queue) passes through one of these per zone, the platform can
 * impair a zone the way a network ACL or an AZ power loss would: {@link #blackhole()} stalls the
 * traffic (bytes wait, as TCP retransmission would, until {@link #restore()}),
 * {@link #resetConnections()} kills what is open, {@link #redirect} moves new connections
 * elsewhere (a database failover) and {@link #latency(Duration)} delays every chunk by the same
 * amount, chunks in flight overlapping as packets under {@code tc netem} do.
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
        DelayLine line = null;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                Duration delay = towardsUpstream ? toUpstreamLatency : toClientLatency;
                if (line == null && delay.isZero()) {
                    awaitOpen();
                    out.write(buffer, 0, n);
                    out.flush();
                    continue;
                }
                if (line == null) {
                    // From the first delayed chunk on, every chunk goes through the line, so none overtakes another.
                    line = new DelayLine(link, out);
                    threads.execute(line);
                }
                line.add(System.nanoTime() + delay.toNanos(), Arrays.copyOf(buffer, n));
            }
            if (line != null) {
                line.end(() -> finish(link, to));
            } else {
                finish(link, to);
            }
        } catch (IOException | InterruptedException | RejectedExecutionException e) {
            link.reset();
        }
    }

    /** Passes the half-close on, so request/response protocols that rely on it still work. */
    private static void finish(Link link, Socket to) throws IOException {
        to.shutdownOutput();
        link.halfClosed();
    }

    /** What to do once a delay line has delivered everything before the end of its stream. */
    private interface Finisher {
        void run() throws IOException;
    }

    /**
     * Delivers each chunk at its arrival time plus the delay, as {@code tc netem} delays each
     * packet: chunks in flight overlap, so a response written in three chunks arrives 200 ms late,
     * not 600 ms. One per relayed direction that has seen a delay.
     */
    private final class DelayLine implements Runnable {
        private record Chunk(long dueNanos, byte[] bytes, Finisher end) {
        }

        private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        private final Link link;
        private final OutputStream out;

        DelayLine(Link link, OutputStream out) {
            this.link = link;
            this.out = out;
        }

        void add(long dueNanos, byte[] bytes) {
            queue.add(new Chunk(dueNanos, bytes, null));
        }

        void end(Finisher finisher) {
            queue.add(new Chunk(0, null, finisher));
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk.end() != null) {
                        chunk.end().run();
                        return;
                    }
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    awaitOpen();
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                link.reset();
            }
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
