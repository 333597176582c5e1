package dev.gameday.platform.loadbalancer;

import dev.gameday.platform.network.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The load balancer's keep-alive HTTP/1.1 connections to its targets, pooled per event loop: a
 * request is forwarded on a connection owned by the same event loop as the client's connection,
 * so one request never changes threads and the pool needs no locks.
 */
final class TargetConnections {

    /** Idle connections kept per target and event loop; more are closed when they come back. */
    private static final int MAX_IDLE_PER_TARGET = 256;
    /** Largest response body a target may send (the load balancer holds it whole before answering). */
    static final int MAX_RESPONSE_BODY = 64 * 1024 * 1024;

    private final Bootstrap bootstrap;
    private final ChannelGroup opened;
    private final FastThreadLocal<Map<Integer, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<Integer, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    TargetConnections(NettyTransport transport, Duration connectTimeout, ChannelGroup opened) {
        this.opened = opened;
        this.bootstrap = new Bootstrap()
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }

    /** An idle open connection to the target on the calling event loop, or {@code null} when there is none. */
    Channel poll(int port) {
        ArrayDeque<Channel> channels = idle.get().get(port);
        if (channels == null) {
            return null;
        }
        // Most recently used first: it is the least likely to have been closed by the target meanwhile.
        Channel channel;
        while ((channel = channels.pollLast()) != null) {
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    /** Opens a new connection to the target, owned by {@code loop}. */
    ChannelFuture connect(EventLoop loop, int port) {
        return bootstrap.clone(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        opened.add(ch);
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BODY),
                                new TargetHandler(port));
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port);
    }

    /** Hands a connection whose exchange is over back for reuse (on its own event loop). */
    void release(int port, Channel channel) {
        ArrayDeque<Channel> channels = idle.get().computeIfAbsent(port, p -> new ArrayDeque<>());
        if (channels.size() >= MAX_IDLE_PER_TARGET || !channel.isActive()) {
            channel.close();
            return;
        }
        channels.addLast(channel);
    }

    /** Points a connection's answers at the exchange now using it. */
    static void attach(Channel channel, TargetExchange exchange) {
        channel.pipeline().get(TargetHandler.class).exchange = exchange;
    }

    /** Detaches the exchange that was using a connection, so late events on it reach no one. */
    static void detach(Channel channel) {
        TargetHandler handler = channel.pipeline().get(TargetHandler.class);
        if (handler != null) {
            handler.exchange = null;
        }
    }

    private void forget(int port, Channel channel) {
        ArrayDeque<Channel> channels = idle.get().get(port);
        if (channels != null) {
            channels.remove(channel);
            if (channels.isEmpty()) {
                idle.get().remove(port);
            }
        }
    }

    /** Passes a connection's response, failure or close to the exchange using it. */
    private final class TargetHandler extends ChannelInboundHandlerAdapter {
        private final int port;
        private TargetExchange exchange;

        TargetHandler(int port) {
            this.port = port;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            TargetExchange current = exchange;
            if (current != null && msg instanceof FullHttpResponse response) {
                exchange = null;
                current.responded(ctx.channel(), response);
                return;
            }
            // An answer nobody asked for: the connection's framing can no longer be trusted.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            TargetExchange current = exchange;
            exchange = null;
            ctx.close();
            if (current != null) {
                current.failed(ctx.channel(), cause);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            forget(port, ctx.channel());
            TargetExchange current = exchange;
            exchange = null;
            if (current != null) {
                current.failed(ctx.channel(), null);
            }
        }
    }
}
