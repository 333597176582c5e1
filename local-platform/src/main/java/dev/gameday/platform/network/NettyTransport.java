package dev.gameday.platform.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport the platform's Netty parts run on: Linux's native epoll when its library
 * loads (fewer system calls and allocations per request than the JDK selector), NIO otherwise.
 *
 * @param name          {@code epoll} or {@code nio}, for logs and benchmark notes
 * @param serverChannel the listener channel class matching the event loops
 * @param socketChannel the connection channel class matching the event loops
 */
public record NettyTransport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
                             Class<? extends SocketChannel> socketChannel) {

    /** The best transport this machine offers; {@code -Dgameday.netty.nio=true} forces NIO (to compare). */
    public static NettyTransport best() {
        if (!Boolean.getBoolean("gameday.netty.nio") && Epoll.isAvailable()) {
            return new NettyTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
        }
        return new NettyTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /**
     * The event loops the platform's network parts share (its edges, and its load balancer): one per
     * core, daemon threads that idle when nothing moves. Sharing keeps a relayed request on as few
     * threads as possible: on a small machine each extra thread hop is a context switch.
     */
    public static EventLoopGroup shared() {
        return Shared.GROUP;
    }

    private static final class Shared {
        static final EventLoopGroup GROUP = best().eventLoops(Runtime.getRuntime().availableProcessors(), "platform-io");
    }

    /** Event loops of this transport on daemon threads named {@code <prefix>-<pool>-<n>}. */
    public EventLoopGroup eventLoops(int threads, String prefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), ioHandlers);
    }
}
