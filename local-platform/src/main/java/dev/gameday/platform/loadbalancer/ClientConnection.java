package dev.gameday.platform.loadbalancer;

import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.zone.Zone;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's keep-alive connection to the listener: its requests are answered one at a time, in
 * the order they came (HTTP/1.1 pipelining included), each by forwarding it to a target chosen by
 * the target group or by the load balancer itself when it cannot.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    /** Shared by every connection of one listener. */
    record Listener(TargetGroup targetGroup, PlatformMetrics metrics, TargetConnections connections,
                    Admission admission, long targetTimeoutNanos, AtomicLong traceIds, LoadBalancerNodes nodes) {
    }

    private final Listener listener;
    /** The node this connection landed on (its zone), {@code null} for a load balancer without zones. */
    private final Zone node;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private String listenerPort;
    private boolean busy;
    private boolean closing;
    // What the request being served asked for, read before its headers are rewritten for the target.
    private boolean keepAlive;
    private boolean head;
    private HttpVersion version;

    ClientConnection(Listener listener) {
        this.listener = listener;
        this.node = listener.nodes().resolve().orElse(null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // The connection's own end is the listener's port: what X-Forwarded-Port tells the target.
        this.listenerPort = ctx.channel().localAddress() instanceof InetSocketAddress local
                ? Integer.toString(local.getPort()) : "80";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            waiting.add(request);
            return;
        }
        serve(request);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardWaiting();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client that resets its connection is not the load balancer's problem; nothing to answer.
        ctx.close();
    }

    private void serve(FullHttpRequest request) {
        busy = true;
        keepAlive = HttpUtil.isKeepAlive(request);
        head = HttpMethod.HEAD.equals(request.method());
        version = request.protocolVersion();
        if (request.decoderResult().isFailure()) {
            // Not HTTP we can forward: ALB answers 400 itself and closes.
            keepAlive = false;
            listener.metrics().elbClientError(HttpResponseStatus.BAD_REQUEST.code(), Instant.now());
            respond(request, errorPage(HttpResponseStatus.BAD_REQUEST));
            return;
        }
        String clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : "127.0.0.1";
        ProxyHeaders.toTarget(request, clientIp, listenerPort, traceId());
        listener.admission().admit(ctx.channel().eventLoop(), () -> forward(request));
    }

    /** Admitted: chooses the target only now, so a request that waited goes where health says it should. */
    private void forward(FullHttpRequest request) {
        RegisteredTarget target = listener.targetGroup().choose(listener.nodes().avoidedFrom(node));
        if (target == null) {
            listener.admission().done();
            elbAnswered(request, null, 503);
            return;
        }
        new TargetExchange(this, request, target, listener.connections(), ctx.channel().eventLoop(),
                listener.targetTimeoutNanos()).start();
    }

    /** The target's response to {@code request}; recorded first, so a client that has it sees it counted. */
    void targetAnswered(FullHttpRequest request, RegisteredTarget target, FullHttpResponse response, long elapsedNanos) {
        listener.admission().done();
        listener.metrics().targetResponse(target.zone(), response.status().code(), Duration.ofNanos(elapsedNanos),
                Instant.now());
        ProxyHeaders.toClient(response, head, keepAlive && !closing, version);
        respond(request, response);
    }

    /** The exchange with the target failed: {@code 502} or {@code 504}. */
    void targetFailed(FullHttpRequest request, Zone zone, int status) {
        listener.admission().done();
        elbAnswered(request, zone, status);
    }

    /**
     * An answer the load balancer gives itself ({@code 502}, {@code 503}, {@code 504}).
     *
     * @param zone the zone of the target chosen, {@code null} when none was
     */
    void elbAnswered(FullHttpRequest request, Zone zone, int status) {
        listener.metrics().elbError(zone, status, Instant.now());
        respond(request, errorPage(HttpResponseStatus.valueOf(status)));
    }

    private void respond(FullHttpRequest request, FullHttpResponse response) {
        request.release();
        if (!keepAlive || closing) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            discardWaiting();
            return;
        }
        ctx.writeAndFlush(response, ctx.voidPromise());
        busy = false;
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            serve(next);
        }
    }

    private void discardWaiting() {
        closing = true;
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
    }

    /** The page ALB itself sends, so a client (or a person reading a Gatling report) can tell who answered. */
    private FullHttpResponse errorPage(HttpResponseStatus status) {
        String title = status.code() + " " + status.reasonPhrase();
        byte[] page = ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(page);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.SERVER, "awselb/2.0");
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, page.length);
        ProxyHeaders.connection(response.headers(), keepAlive && !closing, version);
        return response;
    }

    private String traceId() {
        // ALB's format: version 1, epoch seconds in hex, 96 bits unique to the request.
        String n = Long.toHexString(listener.traceIds().incrementAndGet());
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + "0".repeat(24 - n.length()) + n;
    }
}
