package dev.gameday.platform.loadbalancer;

import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.network.NettyTransport;
import dev.gameday.platform.zone.Zone;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The platform's application load balancer: one HTTP listener that forwards each request to a
 * target chosen by the {@link TargetGroup}, over pooled keep-alive HTTP/1.1 connections, and
 * answers for itself as ALB does when it cannot: {@code 503} with no target registered,
 * {@code 502} when the target's connection fails, {@code 504} when the target does not answer in
 * time. Every request is recorded under ALB's CloudWatch metric names.
 *
 * <p>Non-blocking: a few event-loop threads carry every client connection and every connection to
 * the targets; a request stays on its client connection's thread from arrival to answer. At most
 * {@code threads} requests are forwarded at once; the rest wait in arrival order ({@link Admission}).
 */
public final class LoadBalancer implements AutoCloseable {

    /** Largest request body accepted; a larger one is answered {@code 413} without reaching a target. */
    static final int MAX_REQUEST_BODY = 10 * 1024 * 1024;

    private final Channel listener;
    private final ChannelGroup connections;
    private final TargetGroup targetGroup;
    private final PlatformMetrics metrics;

    private final LoadBalancerNodes nodes;

    private LoadBalancer(Channel listener, ChannelGroup connections, TargetGroup targetGroup, PlatformMetrics metrics,
                         LoadBalancerNodes nodes) {
        this.nodes = nodes;
        this.listener = listener;
        this.connections = connections;
        this.targetGroup = targetGroup;
        this.metrics = metrics;
    }

    /**
     * Starts the listener.
     *
     * @param port          the listener port on the loopback interface, 0 for an ephemeral one
     * @param threads       the most requests forwarded to targets at once (an ALB node's capacity); more wait
     *                      their turn in arrival order. No thread per request: the load balancer runs on the
     *                      event loops the platform's network edges share ({@link NettyTransport#shared()})
     * @param targetTimeout how long a target may take to connect and answer before the client gets {@code 504}
     */
    public static LoadBalancer start(int port, int threads, Duration targetTimeout, TargetGroup targetGroup,
                                     PlatformMetrics metrics) {
        return start(port, threads, targetTimeout, targetGroup, metrics, List.of());
    }

    /**
     * Starts the listener with a node in each of {@code zones} (see {@link LoadBalancerNodes}): what
     * a zonal shift acts on.
     */
    public static LoadBalancer start(int port, int threads, Duration targetTimeout, TargetGroup targetGroup,
                                     PlatformMetrics metrics, List<Zone> zones) {
        LoadBalancerNodes nodes = new LoadBalancerNodes(zones);
        Objects.requireNonNull(targetGroup, "targetGroup");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(targetTimeout, "targetTimeout");
        if (threads < 1) {
            throw new IllegalArgumentException("load balancer threads must be at least 1, was " + threads);
        }
        if (targetTimeout.isNegative() || targetTimeout.isZero()) {
            throw new IllegalArgumentException("load balancer target timeout must be positive, was " + targetTimeout);
        }
        // A loop never blocks, so more loops than cores only add context switches; on a small machine
        // sharing the edges' loops also saves the thread hop between load balancer and forwarder
        // (measured: about a fifth less CPU per request for the two together).
        NettyTransport transport = NettyTransport.best();
        EventLoopGroup loops = NettyTransport.shared();
        // Every connection, both sides, so that closing the load balancer closes them on shared loops too.
        ChannelGroup connections = new DefaultChannelGroup("alb", GlobalEventExecutor.INSTANCE);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ClientConnection.Listener shared = new ClientConnection.Listener(targetGroup, metrics,
                new TargetConnections(transport, targetTimeout, connections), new Admission(threads), targetTimeout.toNanos(),
                new AtomicLong(), nodes);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new CountingAggregator(metrics),
                                new ClientConnection(shared));
                    }
                });
        ChannelFuture bound = bootstrap.bind(loopback, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new UncheckedIOException("cannot open the load balancer listener on port " + port,
                    cause instanceof IOException io ? io : new IOException(cause));
        }
        Channel listener = bound.channel();
        return new LoadBalancer(listener, connections, targetGroup, metrics, nodes);
    }

    /** The URL shoppers use, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort());
    }

    /** The load balancer's nodes per zone, and zonal shifts over them. */
    public LoadBalancerNodes nodes() {
        return nodes;
    }

    public TargetGroup targetGroup() {
        return targetGroup;
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        targetGroup.close();
    }

    /** The names this load balancer's metrics are recorded under. */
    public ResourceNames names() {
        return metrics.names();
    }

    /** Counts of registered targets by health, for status lines. */
    public Map<TargetHealth, Long> healthCounts() {
        return targetGroup.targets().stream().collect(Collectors.groupingBy(
                RegisteredTarget::health, () -> new EnumMap<>(TargetHealth.class),
                Collectors.counting()));
    }

    /** Netty's aggregator, which answers an oversized request {@code 413} itself: counted as ALB counts its own 4XX. */
    private static final class CountingAggregator extends HttpObjectAggregator {
        private final PlatformMetrics metrics;

        CountingAggregator(PlatformMetrics metrics) {
            super(MAX_REQUEST_BODY);
            this.metrics = metrics;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            metrics.elbClientError(413, Instant.now());
            super.handleOversizedMessage(ctx, oversized);
        }
    }
}
