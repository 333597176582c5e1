package dev.gameday.platform.loadbalancer;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.util.List;

/**
 * How the load balancer rewrites headers on the way through, as ALB does: hop-by-hop headers stay
 * on their own connection, the target learns the client's address, protocol and listener port
 * ({@code X-Forwarded-*}) and a trace id, and the body's length is stated afresh because both
 * sides are re-framed.
 */
final class ProxyHeaders {

    /** Hop-by-hop headers (RFC 9110 §7.6.1) plus the old {@code Proxy-Connection}. */
    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, "proxy-connection");

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String TRACE_ID = "X-Amzn-Trace-Id";

    private ProxyHeaders() {
    }

    /**
     * Turns a client's request into the one sent to a target, in place.
     *
     * @param clientIp     the client's address, appended to {@code X-Forwarded-For} as ALB does
     * @param listenerPort the listener's port, for {@code X-Forwarded-Port}
     * @param traceId      the {@code X-Amzn-Trace-Id} to add when the client sent none
     */
    static void toTarget(FullHttpRequest request, String clientIp, String listenerPort, String traceId) {
        HttpHeaders headers = request.headers();
        if (!headers.contains(HttpHeaderNames.HOST)) {
            // An HTTP/1.0 client may omit it; the target speaks HTTP/1.1, where it is required.
            headers.set(HttpHeaderNames.HOST, "127.0.0.1:" + listenerPort);
        }
        stripHopByHop(headers);
        // The body arrived whole; the target gets it with its length, never a 100-continue dance.
        headers.remove(HttpHeaderNames.EXPECT);
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
        headers.set("X-Forwarded-Proto", "http");
        headers.set("X-Forwarded-Port", listenerPort);
        if (!headers.contains(TRACE_ID)) {
            headers.set(TRACE_ID, traceId);
        }
        int length = request.content().readableBytes();
        HttpMethod method = request.method();
        if (length > 0 || HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    /**
     * Turns a target's response into the one sent to the client, in place.
     *
     * @param head      whether the client asked with {@code HEAD} (the target's {@code Content-Length} stands)
     * @param keepAlive whether the client's connection stays open after this response
     * @param client    the client's HTTP version
     */
    static void toClient(FullHttpResponse response, boolean head, boolean keepAlive, HttpVersion client) {
        HttpHeaders headers = response.headers();
        stripHopByHop(headers);
        int code = response.status().code();
        if (!head && code >= 200 && code != 204 && code != 304) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        connection(headers, keepAlive, client);
    }

    /** States whether the client's connection stays open, in the terms of the client's HTTP version. */
    static void connection(HttpHeaders headers, boolean keepAlive, HttpVersion client) {
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!client.isKeepAliveDefault()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Whether a method may be sent again after a kept-alive connection closed under it (RFC 9110 §9.2.2). */
    static boolean idempotent(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
                || HttpMethod.PUT.equals(method) || HttpMethod.DELETE.equals(method) || HttpMethod.TRACE.equals(method);
    }

    private static void stripHopByHop(HttpHeaders headers) {
        // Headers a sender names in Connection are hop-by-hop too.
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        for (CharSequence name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }
}
