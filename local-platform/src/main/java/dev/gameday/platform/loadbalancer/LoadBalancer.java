package dev.gameday.platform.loadbalancer;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.zone.Zone;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.EnumMap;

/**
 * The platform's application load balancer: one HTTP listener that forwards each request to a
 * target chosen by the {@link TargetGroup}, over pooled keep-alive HTTP/1.1 connections, and
 * answers for itself as ALB does when it cannot: {@code 503} with no target registered,
 * {@code 502} when the target's connection fails, {@code 504} when the target does not answer in
 * time. Every request is recorded under ALB's CloudWatch metric names.
 */
public final class LoadBalancer implements AutoCloseable {

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

    static {
        // Without TCP_NODELAY the JDK server's small responses meet delayed ACKs: 40 ms per request.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client;
    private final TargetGroup targetGroup;
    private final PlatformMetrics metrics;
    private final Duration targetTimeout;
    private final AtomicInteger traceIds = new AtomicInteger();

    private LoadBalancer(HttpServer server, ExecutorService workers, HttpClient client, TargetGroup targetGroup,
                         PlatformMetrics metrics, Duration targetTimeout) {
        this.server = server;
        this.workers = workers;
        this.client = client;
        this.targetGroup = targetGroup;
        this.metrics = metrics;
        this.targetTimeout = targetTimeout;
    }

    /**
     * Starts the listener.
     *
     * @param port          the listener port on the loopback interface, 0 for an ephemeral one
     * @param threads       the most requests handled at once (a bounded pool, as an ALB node's capacity is)
     * @param targetTimeout how long a target may take to connect and answer before the client gets {@code 504}
     */
    public static LoadBalancer start(int port, int threads, Duration targetTimeout, TargetGroup targetGroup,
                                     PlatformMetrics metrics) {
        Objects.requireNonNull(targetGroup, "targetGroup");
        Objects.requireNonNull(metrics, "metrics");
        if (threads < 1) {
            throw new IllegalArgumentException("load balancer threads must be at least 1, was " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "alb-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(targetTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            server.setExecutor(workers);
            LoadBalancer lb = new LoadBalancer(server, workers, client, targetGroup, metrics, targetTimeout);
            server.createContext("/", lb::handle);
            server.start();
            return lb;
        } catch (IOException e) {
            workers.shutdownNow();
            throw new UncheckedIOException("cannot open the load balancer listener on port " + port, e);
        }
    }

    /** The URL shoppers use, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public TargetGroup targetGroup() {
        return targetGroup;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        targetGroup.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            RegisteredTarget target = targetGroup.choose();
            if (target == null) {
                elbError(exchange, null, 503, "Service Temporarily Unavailable");
                return;
            }
            try {
                forward(exchange, body, target);
            } finally {
                target.end();
            }
        }
    }

    private void forward(HttpExchange exchange, byte[] body, RegisteredTarget target) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + target.port() + exchange.getRequestURI().toString()))
                .timeout(targetTimeout)
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        request.header("X-Forwarded-Proto", "http");
        request.header("X-Forwarded-Port", Integer.toString(server.getAddress().getPort()));
        request.header("X-Amzn-Trace-Id", "Root=1-" + Long.toHexString(Instant.now().getEpochSecond())
                + "-" + String.format("%024x", traceIds.incrementAndGet()));
        long sent = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            elbError(exchange, target.zone(), 504, "Gateway Time-out");
            return;
        } catch (IOException e) {
            elbError(exchange, target.zone(), 502, "Bad Gateway");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            elbError(exchange, target.zone(), 502, "Bad Gateway");
            return;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - sent);
        metrics.targetResponse(target.zone(), response.statusCode(), elapsed, Instant.now());
        Headers out = exchange.getResponseHeaders();
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                out.put(name, List.copyOf(values));
            }
        });
        send(exchange, response.statusCode(), response.body());
    }

    private void elbError(HttpExchange exchange, Zone zone, int status, String reason) throws IOException {
        metrics.elbError(zone, status, Instant.now());
        // The body ALB itself sends, so a client (or a person reading a Gatling report) can tell who answered.
        byte[] page = ("<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
                + status + " " + reason + "</h1></center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("text/html"));
        exchange.getResponseHeaders().put("Server", List.of("awselb/2.0"));
        send(exchange, status, page);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = "HEAD".equalsIgnoreCase(exchange.getRequestMethod()) || status == 204 || status == 304
                || status < 200;
        if (noBody || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
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
}
