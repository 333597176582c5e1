package dev.gameday.platform.loadbalancer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client request forwarded to one target: it takes a pooled connection (or opens one), sends
 * the request, and ends exactly once — with the target's response, {@code 502} when the connection
 * fails, or {@code 504} when the target timeout passes first. Runs entirely on the client
 * connection's event loop.
 */
final class TargetExchange {

    private final ClientConnection client;
    private final FullHttpRequest request;
    private final RegisteredTarget target;
    private final TargetConnections connections;
    private final EventLoop loop;
    private final long timeoutNanos;
    private long sentNanos;
    private ScheduledFuture<?> timer;
    private ChannelFuture connecting;
    private Channel upstream;
    private boolean reused;
    private boolean retried;
    private boolean done;

    TargetExchange(ClientConnection client, FullHttpRequest request, RegisteredTarget target,
                   TargetConnections connections, EventLoop loop, long timeoutNanos) {
        this.client = client;
        this.request = request;
        this.target = target;
        this.connections = connections;
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
    }

    void start() {
        sentNanos = System.nanoTime();
        timer = loop.schedule(this::timedOut, timeoutNanos, TimeUnit.NANOSECONDS);
        Channel pooled = connections.poll(target.port());
        if (pooled != null) {
            send(pooled, true);
        } else {
            open();
        }
    }

    private void open() {
        ChannelFuture future = connections.connect(loop, target.port());
        connecting = future;
        future.addListener((ChannelFuture f) -> {
            if (connecting == f) {
                connecting = null;
            }
            if (done) {
                f.channel().close();
            } else if (f.isSuccess()) {
                send(f.channel(), false);
            } else {
                // ALB: a connection that cannot be established in time is 504, a refused one 502.
                end(f.cause() instanceof ConnectTimeoutException ? 504 : 502);
            }
        });
    }

    private void send(Channel channel, boolean pooled) {
        upstream = channel;
        reused = pooled;
        TargetConnections.attach(channel, this);
        channel.writeAndFlush(request.retainedDuplicate()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                TargetConnections.detach(channel);
                channel.close();
                failed(channel, f.cause() instanceof ClosedChannelException ? null : f.cause());
            }
        });
    }

    /** The target answered on {@code channel}. */
    void responded(Channel channel, FullHttpResponse response) {
        if (done || channel != upstream) {
            response.release();
            return;
        }
        if (response.decoderResult().isFailure()) {
            // A response cut short or malformed is the target's fault, answered as ALB does.
            response.release();
            channel.close();
            end(502);
            return;
        }
        if (HttpUtil.isKeepAlive(response)) {
            connections.release(target.port(), channel);
        } else {
            channel.close();
        }
        finish();
        client.targetAnswered(request, target, response, System.nanoTime() - sentNanos);
    }

    /**
     * The connection failed before the target answered.
     *
     * @param cause what failed, {@code null} when the target closed the connection cleanly
     */
    void failed(Channel channel, Throwable cause) {
        if (done || channel != upstream) {
            return;
        }
        upstream = null;
        // A kept-alive connection the target closed just as we reused it: send once more on a new
        // one, as HTTP clients do for requests that may be repeated. A reset is a real failure.
        if (cause == null && reused && !retried && ProxyHeaders.idempotent(request.method())) {
            retried = true;
            open();
            return;
        }
        end(502);
    }

    private void timedOut() {
        if (done) {
            return;
        }
        ChannelFuture pending = connecting;
        if (pending != null) {
            pending.cancel(false);
            pending.channel().close();
        }
        Channel channel = upstream;
        if (channel != null) {
            TargetConnections.detach(channel);
            // Whatever the target sends later would answer a request nobody waits for any more.
            channel.close();
        }
        end(504);
    }

    private void end(int status) {
        finish();
        client.targetFailed(request, target.zone(), status);
    }

    private void finish() {
        done = true;
        upstream = null;
        timer.cancel(false);
        target.end();
    }
}
