package dev.gameday.shop.http;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gameday.shop.metrics.ShopMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The HTTP front over real sockets, without a database: overload is answered with 503 at once
 * while slow clients hold every worker, every answer says {@code nosniff}, and the server listens
 * where it is told (loopback unless a container says otherwise).
 */
class ShopHttpServerTest {

    private static final Router ROUTER = new Router(List.of(
            Route.get("/ok", r -> Response.ok(Map.of("ok", true))),
            Route.post("/echo", r -> Response.ok(Map.of("bytes", r.body().length)))));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ofSeconds(5)).build();

    @Test
    void a_full_queue_answers_503_at_once_while_slow_clients_hold_the_workers_and_recovers_after() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try (ShopHttpServer server = ShopHttpServer.start("127.0.0.1", 0, new ShopHttpServer.Limits(2, 1, ofSeconds(10)),
                ROUTER, new ShopMetrics())) {
            try {
                // Two clients announce a body and never send it: each holds a worker in its body read.
                // A third waits in the queue, which then is full.
                for (int i = 0; i < 3; i++) {
                    slow.add(slowClient(server.port()));
                    int held = i + 1;
                    await().atMost(ofSeconds(30)).until(() -> server.inFlight() + server.queued() == held);
                }
                assertThat(server.inFlight()).isEqualTo(2);
                assertThat(server.queued()).isEqualTo(1);

                HttpResponse<String> busy = get(server, "/ok");
                assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
                assertThat(busy.headers().firstValue("Retry-After")).contains("1");
                assertThat(busy.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(busy.body()).contains("server busy");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
            // The slow clients gone, their workers are free again and the shop serves as before.
            await().atMost(ofSeconds(30)).untilAsserted(() -> assertThat(get(server, "/ok").statusCode()).isEqualTo(200));
            // The client has its answer a moment before the worker that sent it counts itself done.
            await().atMost(ofSeconds(30)).until(() -> server.inFlight() == 0);
        }
    }

    @Test
    void every_answer_says_nosniff() throws Exception {
        try (ShopHttpServer server = ShopHttpServer.start("127.0.0.1", 0, new ShopHttpServer.Limits(2, 8, ofSeconds(10)),
                ROUTER, new ShopMetrics())) {
            for (String path : List.of("/ok", "/no-such-route")) {
                HttpResponse<String> r = get(server, path);
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path + " " + r.statusCode()).contains("nosniff");
            }
        }
    }

    @Test
    void a_server_bound_to_loopback_cannot_be_reached_through_the_hosts_other_addresses() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address to try");
        try (ShopHttpServer loopback = ShopHttpServer.start("127.0.0.1", 0, new ShopHttpServer.Limits(2, 8, ofSeconds(10)),
                ROUTER, new ShopMetrics());
             ShopHttpServer everywhere = ShopHttpServer.start("0.0.0.0", 0, new ShopHttpServer.Limits(2, 8, ofSeconds(10)),
                     ROUTER, new ShopMetrics())) {
            assertThat(loopback.address().getAddress().isLoopbackAddress()).isTrue();
            assertThatThrownBy(() -> connect(external.get(), loopback.port())).isInstanceOf(ConnectException.class);
            // The same attempt reaches a server bound to every interface: the refusal above is the binding's doing.
            connect(external.get(), everywhere.port());
        }
    }

    /** Sends a request head announcing a 10-byte body, then one byte of it, and stalls. */
    private static Socket slowClient(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private HttpResponse<String> get(ShopHttpServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 5_000);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
