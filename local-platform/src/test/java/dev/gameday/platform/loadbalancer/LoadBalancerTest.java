package dev.gameday.platform.loadbalancer;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.Statistic;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The load balancer's own answers, against real sockets that misbehave on purpose. */
class LoadBalancerTest {

    private static final Zone ZONE = new Zone("local-1a");
    private static final Zone OTHER_ZONE = new Zone("local-1b");
    private final HttpClient client = HttpClient.newHttpClient();
    private final MetricStore store = new MetricStore();
    private final ResourceNames names = ResourceNames.fresh();
    private final List<AutoCloseable> open = new ArrayList<>();
    private TargetGroup targetGroup;
    private LoadBalancer loadBalancer;

    @BeforeEach
    void start() {
        targetGroup = new TargetGroup(names.targetGroup(), HealthCheck.scaledDefaults(), Duration.ofSeconds(1),
                EventLog.inMemory(Clock.systemUTC()));
        loadBalancer = LoadBalancer.start(0, 4, Duration.ofMillis(500), targetGroup, new PlatformMetrics(store, names));
    }

    @AfterEach
    void stop() throws Exception {
        loadBalancer.close();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void answers503WhenNoTargetIsRegistered() throws Exception {
        HttpResponse<String> response = get();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Server")).hasValue("awselb/2.0");
        assertThat(sum("HTTPCode_ELB_503_Count")).isEqualTo(1);
        // ALB counts only requests for which it could choose a target.
        assertThat(sum("RequestCount")).isZero();
    }

    @Test
    void answersMalformedAndOversizedRequestsItselfAndCountsThemAsElb4xx() throws Exception {
        try (Socket socket = connect()) {
            RawHttp.write(socket, "GET / HTTP/1.1\r\nHost: lb\r\nContent-Length: twelve\r\n\r\n");
            assertThat(RawHttp.read(socket).status()).isEqualTo(400);
        }
        try (Socket socket = connect()) {
            RawHttp.write(socket, "POST / HTTP/1.1\r\nHost: lb\r\nContent-Length: " + (LoadBalancer.MAX_REQUEST_BODY + 1)
                    + "\r\n\r\n");
            assertThat(RawHttp.read(socket).status()).isEqualTo(413);
        }
        assertThat(sum("HTTPCode_ELB_4XX_Count")).isEqualTo(2);
        assertThat(sum("HTTPCode_ELB_400_Count")).isEqualTo(1);
        assertThat(sum("HTTPCode_ELB_413_Count")).isEqualTo(1);
        // No target was chosen for either: ALB leaves them out of RequestCount.
        assertThat(sum("RequestCount")).isZero();
    }

    @Test
    void answers502WhenTheTargetRefusesTheConnection() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        targetGroup.register("dead", ZONE, closedPort);
        // The only target is not healthy: the load balancer fails open and tries it anyway.
        assertThat(get().statusCode()).isEqualTo(502);
        assertThat(sum("HTTPCode_ELB_502_Count")).isEqualTo(1);
        assertThat(sum("HTTPCode_ELB_5XX_Count")).isEqualTo(1);
        assertThat(sum("RequestCount")).isEqualTo(1);
    }

    @Test
    void answers504WhenTheTargetDoesNotAnswerInTime() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(silent);
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // accept, read nothing, answer nothing
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        targetGroup.register("silent", ZONE, silent.getLocalPort());
        assertThat(get().statusCode()).isEqualTo(504);
        assertThat(sum("HTTPCode_ELB_504_Count")).isEqualTo(1);
    }

    @Test
    void forwardsWithForwardedHeadersButWithoutHopByHopOnesAndRecordsTheResponse() throws Exception {
        EchoTarget target = echoTarget("a");
        targetGroup.register("echo", ZONE, target.port());
        try (Socket socket = connect()) {
            RawHttp.write(socket, "POST /echo?x=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: keep-alive, X-Hop\r\n"
                    + "X-Hop: only-this-hop\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: Basic eA==\r\n"
                    + "X-Forwarded-For: 10.0.0.7\r\nX-Shopper: s-1\r\nContent-Length: 5\r\n\r\nhello");
            RawHttp.Response response = RawHttp.read(socket);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("x-target", "a").doesNotContainKey("x-target-hop");
            Map<String, String> seen = target.lastRequestHeaders();
            assertThat(response.body()).isEqualTo("a POST /echo?x=1 hello");
            assertThat(seen).containsEntry("host", "shop.example")
                    .containsEntry("x-shopper", "s-1")
                    .containsEntry("x-forwarded-for", "10.0.0.7, 127.0.0.1")
                    .containsEntry("x-forwarded-proto", "http")
                    .containsEntry("x-forwarded-port", Integer.toString(loadBalancer.url().getPort()))
                    .containsEntry("content-length", "5")
                    .doesNotContainKeys("x-hop", "keep-alive", "te", "proxy-authorization");
            assertThat(seen.get("x-amzn-trace-id")).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        }
        assertThat(sum("RequestCount")).isEqualTo(1);
        assertThat(sum("HTTPCode_Target_2XX_Count")).isEqualTo(1);
        assertThat(sum("HTTPCode_Target_2XX_Count", ZONE)).isEqualTo(1);
        assertThat(stat("TargetResponseTime", null, Statistic.SAMPLE_COUNT)).isEqualTo(1);
        assertThat(stat("TargetResponseTime", ZONE, Statistic.SAMPLE_COUNT)).isEqualTo(1);
        assertThat(sum("HTTPCode_ELB_5XX_Count")).isZero();
    }

    @Test
    void keepsTheClientConnectionAliveAnswersPipelinedRequestsInOrderAndReusesTheTargetConnection() throws Exception {
        EchoTarget target = echoTarget("a");
        targetGroup.register("echo", ZONE, target.port());
        try (Socket socket = connect()) {
            for (int i = 0; i < 3; i++) {
                RawHttp.write(socket, "GET /echo/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n");
                assertThat(RawHttp.read(socket).body()).isEqualTo("a GET /echo/" + i + " ");
            }
            // Three requests in one write: answered one by one, in order, on the same connection.
            RawHttp.write(socket, "GET /echo/p1 HTTP/1.1\r\nHost: shop\r\n\r\n"
                    + "GET /echo/p2 HTTP/1.1\r\nHost: shop\r\n\r\nGET /echo/p3 HTTP/1.1\r\nHost: shop\r\n\r\n");
            for (String p : List.of("p1", "p2", "p3")) {
                RawHttp.Response response = RawHttp.read(socket);
                assertThat(response.body()).isEqualTo("a GET /echo/" + p + " ");
                assertThat(response.headers()).doesNotContainEntry("connection", "close");
            }
        }
        assertThat(target.connections()).as("target connections used for 6 requests of one client connection").hasSize(1);
        assertThat(sum("RequestCount")).isEqualTo(6);
    }

    @Test
    void routesOnlyToHealthyTargetsRoundRobinAcrossZones() throws Exception {
        EchoTarget a = echoTarget("a");
        EchoTarget b = echoTarget("b");
        EchoTarget sick = echoTarget("sick");
        sick.failHealthChecks();
        RegisteredTarget ta = targetGroup.register("a", ZONE, a.port());
        RegisteredTarget tb = targetGroup.register("b", OTHER_ZONE, b.port());
        RegisteredTarget tc = targetGroup.register("sick", OTHER_ZONE, sick.port());
        await().atMost(Duration.ofSeconds(15)).until(() -> ta.health() == TargetHealth.HEALTHY
                && tb.health() == TargetHealth.HEALTHY && tc.health() == TargetHealth.UNHEALTHY);
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("/echo");
            assertThat(response.statusCode()).isEqualTo(200);
            servedBy.add(response.body().split(" ")[0]);
        }
        assertThat(servedBy).containsOnly("a", "b");
        assertThat(servedBy.stream().filter("a"::equals).count()).isEqualTo(10);
        assertThat(sum("HTTPCode_Target_2XX_Count", OTHER_ZONE)).isEqualTo(10);
        assertThat(sum("HTTPCode_Target_2XX_Count", ZONE)).isEqualTo(10);
    }

    @Test
    void aDeregisteredTargetGetsNoNewRequestsButFinishesTheOneInFlight() throws Exception {
        // A long target timeout and deregistration delay: only the in-flight request may end the draining here.
        restart(Duration.ofSeconds(30), Duration.ofSeconds(60));
        EchoTarget target = echoTarget("a");
        RegisteredTarget registered = targetGroup.register("slow", ZONE, target.port());
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create(loadBalancer.url() + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> registered.inFlight() == 1 && target.slowArrived());
        CompletableFuture<Void> drained = targetGroup.deregister(registered);
        assertThat(get("/echo").statusCode()).as("no target left for new requests").isEqualTo(503);
        assertThat(drained).isNotDone();
        target.releaseSlow();
        assertThat(inFlight.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        drained.get(5, TimeUnit.SECONDS);
        assertThat(registered.inFlight()).isZero();
    }

    @Test
    void resendsAnIdempotentRequestOnceWhenTheTargetClosedAKeptAliveConnectionButNotAPost() throws Exception {
        OneAnswerPerConnectionTarget target = new OneAnswerPerConnectionTarget();
        open.add(target);
        targetGroup.register("closer", ZONE, target.port());
        try (Socket socket = connect()) {
            RawHttp.write(socket, "GET /one HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(RawHttp.read(socket).status()).isEqualTo(200);
            // The kept-alive connection is closed by the target when it sees this request: sent again on a new one.
            RawHttp.write(socket, "GET /two HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(RawHttp.read(socket).status()).isEqualTo(200);
            assertThat(target.accepted()).isEqualTo(2);
            // A POST may have had its effect: ALB does not repeat it, the client gets 502.
            RawHttp.write(socket, "POST /order HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(RawHttp.read(socket).status()).isEqualTo(502);
        }
        assertThat(sum("HTTPCode_Target_2XX_Count")).isEqualTo(2);
        assertThat(sum("HTTPCode_ELB_502_Count")).isEqualTo(1);
    }

    @Test
    void answers502WhenTheTargetResetsTheConnection() throws Exception {
        ServerSocket resetter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(resetter);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = resetter.accept();
                    RawHttp.readHead(s.getInputStream());
                    s.setSoLinger(true, 0);
                    s.close(); // RST: the request was read, no answer will come
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        targetGroup.register("resetter", ZONE, resetter.getLocalPort());
        assertThat(get("/products").statusCode()).isEqualTo(502);
        assertThat(sum("HTTPCode_ELB_502_Count")).isEqualTo(1);
    }

    @Test
    void manyConcurrentRequestsAreAllAnsweredAndCountedOnce() throws Exception {
        // The JDK server behind takes its time with 200 new connections on a busy machine: no 504 wanted here.
        restart(Duration.ofSeconds(30), Duration.ofSeconds(1));
        EchoTarget target = echoTarget("a");
        targetGroup.register("echo", ZONE, target.port());
        int n = 200;
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(loadBalancer.url() + "/echo/" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response = responses.get(i).get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("a GET /echo/" + i + " ");
        }
        assertThat(sum("RequestCount")).isEqualTo(n);
        assertThat(stat("TargetResponseTime", ZONE, Statistic.SAMPLE_COUNT)).isEqualTo(n);
    }

    private void restart(Duration targetTimeout, Duration deregistrationDelay) {
        loadBalancer.close();
        targetGroup = new TargetGroup(names.targetGroup(), HealthCheck.scaledDefaults(), deregistrationDelay,
                EventLog.inMemory(Clock.systemUTC()));
        loadBalancer = LoadBalancer.start(0, 4, targetTimeout, targetGroup, new PlatformMetrics(store, names));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), loadBalancer.url().getPort());
        socket.setSoTimeout(10_000); // a lost response fails the test instead of hanging it
        return socket;
    }

    private EchoTarget echoTarget(String name) throws IOException {
        EchoTarget target = new EchoTarget(name);
        open.add(target);
        return target;
    }

    private double sum(String metric) {
        return sum(metric, null);
    }

    private double sum(String metric, Zone zone) {
        return stat(metric, zone, Statistic.SUM);
    }

    private double stat(String metric, Zone zone, Statistic statistic) {
        Map<String, String> dimensions = zone == null ? Map.of("LoadBalancer", names.loadBalancer())
                : Map.of("LoadBalancer", names.loadBalancer(), "AvailabilityZone", zone.name());
        MetricQuery query = new MetricQuery(PlatformMetrics.ELB, metric, dimensions, statistic, Duration.ofSeconds(60));
        double value = store.aggregateOver(query, Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        return Double.isNaN(value) ? 0 : value;
    }

    /**
     * A real HTTP target (the JDK server): {@code /health}, {@code /echo…} answering
     * "{@code <name> <method> <path> <body>}", {@code /slow} held until released. It notes the
     * headers of the last request and the client port of every exchange (one port per connection).
     */
    private static final class EchoTarget implements AutoCloseable {
        private final String name;
        private final HttpServer server;
        private final Set<Integer> connections = ConcurrentHashMap.newKeySet();
        private final CountDownLatch slowArrived = new CountDownLatch(1);
        private final CountDownLatch slowReleased = new CountDownLatch(1);
        private volatile Map<String, String> lastHeaders = Map.of();
        private volatile boolean healthFails;

        EchoTarget(String name) throws IOException {
            this.name = name;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        Map<String, String> lastRequestHeaders() {
            return lastHeaders;
        }

        Set<Integer> connections() {
            return connections;
        }

        void failHealthChecks() {
            healthFails = true;
        }

        boolean slowArrived() {
            return slowArrived.getCount() == 0;
        }

        void releaseSlow() {
            slowReleased.countDown();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().toString();
                if (path.equals("/health")) {
                    exchange.sendResponseHeaders(healthFails ? 500 : 200, -1);
                    return;
                }
                connections.add(exchange.getRemoteAddress().getPort());
                lastHeaders = exchange.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                        e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(",", e.getValue())));
                if (path.equals("/slow")) {
                    slowArrived.countDown();
                    slowReleased.await(10, TimeUnit.SECONDS);
                }
                byte[] answer = (name + " " + exchange.getRequestMethod() + " " + path + " " + body)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("X-Target", name);
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * A target that answers the first request of each connection (keeping it alive, by HTTP/1.1's
     * default) and closes the connection, in order, when a second request arrives on it.
     */
    private static final class OneAnswerPerConnectionTarget implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();

        OneAnswerPerConnectionTarget() throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        Thread serve = new Thread(() -> serve(s));
                        serve.setDaemon(true);
                        serve.start();
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** Connections that carried forwarded requests. */
        int accepted() {
            return accepted.get();
        }

        private void serve(Socket s) {
            try (s) {
                String head = RawHttp.readHead(s.getInputStream());
                if (head.contains("/health")) {
                    RawHttp.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                    return;
                }
                accepted.incrementAndGet(); // connections the load balancer forwarded on, health checks aside
                RawHttp.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                RawHttp.readHead(s.getInputStream());
                // closed by try-with-resources: an orderly end, no answer to the second request
            } catch (IOException ignored) {
                // the load balancer went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return get("/products");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(loadBalancer.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
