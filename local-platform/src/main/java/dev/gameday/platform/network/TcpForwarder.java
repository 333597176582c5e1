package dev.gameday.platform.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One platform-owned network edge: a TCP listener on the loopback interface that relays every
 * connection to an upstream address. Because every edge of the platform (load balancer → task,
 * task → database writer, task → queue) passes through one of these per zone, the platform can
 * impair a zone the way a network ACL or an AZ power loss would: {@link #blackhole()} stalls the
 * traffic (bytes wait, as TCP retransmission would, until {@link #restore()}),
 * {@link #resetConnections()} kills what is open, {@link #redirect} moves new connections
 * elsewhere (a database failover), {@link #latency(Duration)} delays every chunk by the same
 * amount, chunks in flight overlapping as packets under {@code tc netem} do, and
 * {@link #impair(Impairment, Impairment)} adds jitter and packet loss per direction.
 *
 * <p>Relays run on a few event-loop threads shared by every forwarder of the JVM, not on threads
 * per connection: an edge is on the path of every request, so it must cost little more than the
 * system calls that move the bytes.
 */
public final class TcpForwarder implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Linux's smallest retransmission timeout ({@code TCP_RTO_MIN}): a lost segment is sent again after it, doubling. */
    static final Duration RETRANSMISSION_TIMEOUT = Duration.ofMillis(200);
    /** Linux's first SYN retransmission timeout: a lost handshake costs a second, doubling. */
    static final Duration SYN_RETRANSMISSION_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Losses of one chunk in a row before the connection is given up. Linux tries 15 times (about
     * 15 minutes) for data and 6 times for a handshake; 6 for both keeps a hopeless link short.
     */
    static final int MAX_RETRANSMISSIONS = 6;
    private static final NettyTransport TRANSPORT = NettyTransport.best();

    private final String name;
    private final Channel listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress upstream;
    /** When set, picks each new connection's upstream (a reader endpoint spreading over readers). */
    private volatile Supplier<InetSocketAddress> route;
    private volatile Impairment toUpstreamImpairment = Impairment.NONE;
    private volatile Impairment toClientImpairment = Impairment.NONE;
    private final AtomicLong retransmissions = new AtomicLong();
    private volatile boolean blackholed;
    private volatile boolean closed;

    private TcpForwarder(String name, InetSocketAddress upstream) {
        this.name = name;
        this.upstream = upstream;
        ChannelFuture bound = new ServerBootstrap()
                .group(NettyTransport.shared())
                .channel(TRANSPORT.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // Nothing is read from a client until its upstream connection is open.
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Link(ch).clientSide);
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new UncheckedIOException("cannot open forwarder " + name,
                    cause instanceof IOException io ? io : new IOException(cause));
        }
        this.listener = bound.channel();
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
        return new TcpForwarder(name, upstream);
    }

    public String name() {
        return name;
    }

    /** The port clients connect to. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Where new connections currently go (without a {@link #route chooser}). */
    public InetSocketAddress upstream() {
        return upstream;
    }

    private InetSocketAddress nextUpstream() {
        Supplier<InetSocketAddress> chooser = route;
        if (chooser == null) {
            return upstream;
        }
        InetSocketAddress chosen = chooser.get();
        return chosen != null ? chosen : upstream;
    }

    /** Sends new connections to {@code to}; open ones stay where they are (reset them to move them). */
    public void redirect(InetSocketAddress to) {
        this.upstream = Objects.requireNonNull(to, "to");
        this.route = null;
    }

    /**
     * Lets {@code chooser} pick the upstream of each new connection, as a DNS name with several
     * answers spreads clients (a reader endpoint); open connections stay where they are.
     */
    public void route(Supplier<InetSocketAddress> chooser) {
        this.route = Objects.requireNonNull(chooser, "chooser");
    }

    /** Stalls all traffic, both ways, on open and new connections, until {@link #restore()}. */
    public void blackhole() {
        blackholed = true;
        for (Link link : links) {
            link.onLoop(link::updateReading);
        }
    }

    /** Lets stalled traffic flow again. */
    public void restore() {
        blackholed = false;
        for (Link link : links) {
            link.onLoop(link::resume);
        }
    }

    /** The delay added to each chunk relayed back to the client. */
    public Duration latencyToClient() {
        return toClientImpairment.delay();
    }

    /** What the edge currently does to chunks relayed back to the client. */
    public Impairment impairmentToClient() {
        return toClientImpairment;
    }

    /** What the edge currently does to chunks relayed towards the upstream. */
    public Impairment impairmentToUpstream() {
        return toUpstreamImpairment;
    }

    /** Chunks and handshakes lost and sent again so far (what {@code netstat -s} counts as retransmitted). */
    public long retransmissions() {
        return retransmissions.get();
    }

    public boolean isBlackholed() {
        return blackholed;
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
        Objects.requireNonNull(toUpstream, "toUpstream");
        Objects.requireNonNull(toClient, "toClient");
        impair(toUpstreamImpairment.withDelay(toUpstream, Duration.ZERO), toClientImpairment.withDelay(toClient, Duration.ZERO));
    }

    /**
     * Sets what each direction does to the chunks it relays (delay, jitter, loss); {@link Impairment#NONE}
     * to stop. Open connections are affected from their next chunk on.
     */
    public void impair(Impairment toUpstream, Impairment toClient) {
        this.toUpstreamImpairment = Objects.requireNonNull(toUpstream, "toUpstream");
        this.toClientImpairment = Objects.requireNonNull(toClient, "toClient");
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
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        restore();
        resetConnections();
    }

    /** One chunk waiting in a direction's line: bytes, or the end of the stream ({@code bytes == null}). */
    private record Chunk(long dueNanos, ByteBuf bytes) {
    }

    /**
     * One relayed connection: the client side and the upstream side, both on the client's event
     * loop. Every field is touched only on that loop, except {@link #reset()}.
     */
    private final class Link {
        private final Channel client;
        private final ChannelInboundHandlerAdapter clientSide;
        private final Direction toUpstream = new Direction(true);
        private final Direction toClient = new Direction(false);
        private volatile Channel target;
        private boolean connecting;
        private int halvesClosed;
        private volatile boolean over;

        Link(Channel client) {
            this.client = client;
            this.clientSide = new Side(this, true);
        }

        void onLoop(Runnable task) {
            if (client.eventLoop().inEventLoop()) {
                task.run();
            } else {
                client.eventLoop().execute(task);
            }
        }

        void start() {
            links.add(this);
            if (closed) {
                reset();
            } else if (!blackholed) {
                // A blackholed edge never reaches the upstream: the client sees a connection that never answers.
                long handshakeNanos = lostHandshakes();
                if (handshakeNanos < 0) {
                    reset();
                } else if (handshakeNanos > 0) {
                    connecting = true;
                    client.eventLoop().schedule(() -> {
                        connecting = false;
                        if (!over && !blackholed) {
                            connect();
                        }
                    }, handshakeNanos, TimeUnit.NANOSECONDS);
                } else {
                    connect();
                }
            }
        }

        /**
         * What lost handshake packets cost this connection before it is open: the SYN is lost on
         * the way up, the SYN-ACK on the way back, each loss waits the SYN timeout (doubling);
         * {@code -1} when the handshake is lost too often and the connection fails.
         */
        private long lostHandshakes() {
            double up = toUpstreamImpairment.lossPercent();
            double down = toClientImpairment.lossPercent();
            if (up == 0 && down == 0) {
                return 0;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long waited = 0;
            long timeout = SYN_RETRANSMISSION_TIMEOUT.toNanos();
            for (int attempt = 0; attempt <= MAX_RETRANSMISSIONS; attempt++) {
                boolean lost = random.nextDouble() * 100 < up || random.nextDouble() * 100 < down;
                if (!lost) {
                    return waited;
                }
                retransmissions.incrementAndGet();
                waited += timeout;
                timeout *= 2;
            }
            return -1;
        }

        private void connect() {
            connecting = true;
            new Bootstrap()
                    .group(client.eventLoop())
                    .channel(TRANSPORT.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                    .handler(new Side(this, false))
                    .connect(nextUpstream())
                    .addListener((ChannelFuture f) -> {
                        connecting = false;
                        if (!f.isSuccess() || over) {
                            // The upstream refused or went away: the client must see a broken connection, not a hang.
                            f.channel().close();
                            reset();
                            return;
                        }
                        target = f.channel();
                        resume();
                    });
        }

        /** After a restore (or once connected): connect if never connected, deliver what waited, read again. */
        void resume() {
            if (over) {
                return;
            }
            if (target == null) {
                if (!connecting && !blackholed) {
                    connect();
                }
                return;
            }
            toUpstream.drain();
            toClient.drain();
            updateReading();
        }

        /** Reads while the edge is open and the other side keeps up with what it is sent. */
        void updateReading() {
            if (target == null || over) {
                return;
            }
            client.config().setAutoRead(!blackholed && target.isWritable());
            target.config().setAutoRead(!blackholed && client.isWritable());
        }

        /** Passes one side's half-close on; the link is over once both sides have closed. */
        void halfClosed() {
            if (++halvesClosed == 2) {
                over = true;
                links.remove(this);
                client.close();
                target.close();
            }
        }

        /** Resets both sides: each peer sees "connection reset", not an orderly end. */
        void reset() {
            over = true;
            links.remove(this);
            ChannelFuture clientClosed = abort(client);
            Channel t = target;
            ChannelFuture targetClosed = t == null ? null : abort(t);
            onLoop(() -> {
                toUpstream.discard();
                toClient.discard();
            });
            if (!client.eventLoop().inEventLoop()) {
                // Callers (a failover, a fault) expect the connections gone when this returns.
                clientClosed.awaitUninterruptibly(1, TimeUnit.SECONDS);
                if (targetClosed != null) {
                    targetClosed.awaitUninterruptibly(1, TimeUnit.SECONDS);
                }
            }
        }

        private ChannelFuture abort(Channel channel) {
            if (channel.isOpen()) {
                try {
                    channel.config().setOption(ChannelOption.SO_LINGER, 0); // RST rather than FIN
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            return channel.close();
        }

        /**
         * One relayed direction. Without latency each chunk is written as it is read; with latency
         * each is delivered at its arrival time plus the delay, as {@code tc netem} delays packets:
         * chunks in flight overlap, so a response written in three chunks arrives 200 ms late, not
         * 600 ms. Once a chunk waits, every later one queues behind it, so none overtakes another.
         */
        private final class Direction {
            private final boolean towardsUpstream;
            private final ArrayDeque<Chunk> line = new ArrayDeque<>();
            private boolean timerSet;

            Direction(boolean towardsUpstream) {
                this.towardsUpstream = towardsUpstream;
            }

            void add(ByteBuf bytes) {
                Impairment impairment = towardsUpstream ? toUpstreamImpairment : toClientImpairment;
                Channel out = out();
                if (line.isEmpty() && impairment.isNone() && !blackholed && out != null) {
                    out.writeAndFlush(bytes, out.voidPromise());
                    return;
                }
                long extra = impairment.isNone() ? 0 : extraNanos(impairment);
                if (extra < 0) {
                    // Lost every time it was sent again: TCP gives the connection up.
                    ReferenceCountUtil.release(bytes);
                    reset();
                    return;
                }
                line.add(new Chunk(extra == 0 ? 0 : System.nanoTime() + extra, bytes));
                drain();
            }

            /**
             * The delay this chunk gets: the fixed delay, jitter either way, and one retransmission
             * timeout (doubling) each time it is lost; {@code -1} when it is lost too often. Later
             * chunks queue behind it, as TCP's in-order delivery holds them (head-of-line blocking).
             */
            private long extraNanos(Impairment impairment) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long nanos = impairment.delay().toNanos();
                long jitter = impairment.jitter().toNanos();
                if (jitter > 0) {
                    nanos = Math.max(0, nanos + random.nextLong(-jitter, jitter + 1));
                }
                long timeout = RETRANSMISSION_TIMEOUT.toNanos();
                int lost = 0;
                while (impairment.lossPercent() > 0 && random.nextDouble() * 100 < impairment.lossPercent()) {
                    if (++lost > MAX_RETRANSMISSIONS) {
                        return -1;
                    }
                    retransmissions.incrementAndGet();
                    nanos += timeout;
                    timeout *= 2;
                }
                // A zero would mean "no delay at all" to drain(); a chunk that drew none still waits its turn.
                return Math.max(nanos, 1);
            }

            void end() {
                line.add(new Chunk(0, null));
                drain();
            }

            void drain() {
                if (out() == null) {
                    // Read before the upstream connection was open (a peer's end of stream is read
                    // regardless): it waits here until the link is connected.
                    return;
                }
                boolean wrote = false;
                while (!line.isEmpty() && !blackholed && !over) {
                    Chunk chunk = line.peek();
                    long wait = chunk.dueNanos() == 0 ? 0 : chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        if (!timerSet) {
                            timerSet = true;
                            client.eventLoop().schedule(() -> {
                                timerSet = false;
                                drain();
                            }, wait, TimeUnit.NANOSECONDS);
                        }
                        break;
                    }
                    line.poll();
                    if (chunk.bytes() == null) {
                        if (wrote) {
                            out().flush();
                            wrote = false;
                        }
                        ((DuplexChannel) out()).shutdownOutput();
                        halfClosed();
                    } else {
                        out().write(chunk.bytes(), out().voidPromise());
                        wrote = true;
                    }
                }
                if (wrote) {
                    out().flush();
                }
            }

            void discard() {
                Chunk chunk;
                while ((chunk = line.poll()) != null) {
                    ReferenceCountUtil.release(chunk.bytes());
                }
            }

            private Channel out() {
                return towardsUpstream ? target : client;
            }
        }
    }

    /** The events of one side of a link: bytes read go the other way, a half-close is passed on, a failure resets both. */
    private static final class Side extends ChannelInboundHandlerAdapter {
        private final Link link;
        private final boolean client;

        Side(Link link, boolean client) {
            this.link = link;
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (client) {
                link.start();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (link.over) {
                ReferenceCountUtil.release(msg);
                return;
            }
            (client ? link.toUpstream : link.toClient).add((ByteBuf) msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && !link.over) {
                (client ? link.toUpstream : link.toClient).end();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            link.updateReading();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            link.reset();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!link.over) {
                // One side went away without an orderly end: the other must not wait forever.
                link.reset();
            }
        }
    }
}
