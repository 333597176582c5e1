import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trivial shop-shaped HTTP stub for bench/injector: canned JSON for every route the shopper
 * journeys use (catalogue, login, cart, checkout, order status — always FULFILLED), so the
 * injector's own cost is measured without a shop behind it. {@code GET /__count} answers the number
 * of requests served so far. TCP_NODELAY is on (JDK server; otherwise 40 ms delayed-ACK stalls).
 *
 * <p>Usage: {@code java Stub.java <ready-file>}; writes {@code url=…}, runs until killed.
 */
public final class Stub {

    private static final AtomicLong COUNT = new AtomicLong();
    private static final String PRODUCT = "{\"id\":%s,\"name\":\"Red Stub Book\",\"category\":\"books\",\"price\":9.99,\"stock\":5000}";

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(8));
        StringBuilder page = new StringBuilder("{\"items\":[");
        for (int i = 1; i <= 20; i++) {
            page.append(i > 1 ? "," : "").append(String.format(PRODUCT, i));
        }
        String products = page.append("],\"page\":0,\"size\":20,\"total\":20}").toString();
        server.createContext("/", exchange -> {
            try (exchange) {
                drain(exchange.getRequestBody());
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (path.equals("/__count")) {
                    send(exchange, 200, "{\"count\":" + COUNT.get() + "}");
                    return;
                }
                COUNT.incrementAndGet();
                if (path.equals("/categories")) {
                    send(exchange, 200, "{\"items\":[\"books\",\"games\",\"garden\"]}");
                } else if (path.equals("/products")) {
                    send(exchange, 200, products);
                } else if (path.startsWith("/products/")) {
                    send(exchange, 200, String.format(PRODUCT, path.substring("/products/".length())));
                } else if (path.equals("/users") && method.equals("POST")) {
                    send(exchange, 201, "{\"id\":1,\"email\":\"stub@gameday.test\",\"name\":\"stub\"}");
                } else if (path.equals("/auth/login")) {
                    send(exchange, 200, "{\"token\":\"stub-token\"}");
                } else if (path.startsWith("/cart")) {
                    send(exchange, 200, "{\"items\":[{\"productId\":1,\"name\":\"Red Stub Book\",\"price\":9.99,\"quantity\":1,\"lineTotal\":9.99}],\"total\":9.99}");
                } else if (path.equals("/orders") && method.equals("POST")) {
                    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                    send(exchange, 201, "{\"id\":" + COUNT.get() + ",\"status\":\"PLACED\",\"total\":9.99,\"items\":[],\"idempotencyKey\":\"" + key + "\"}");
                } else if (path.startsWith("/orders/")) {
                    send(exchange, 200, "{\"id\":" + path.substring("/orders/".length()) + ",\"status\":\"FULFILLED\",\"total\":9.99,\"items\":[]}");
                } else {
                    send(exchange, 404, "{\"error\":\"not found\"}");
                }
            }
        });
        server.start();
        Files.writeString(Path.of(args[0]), "url=http://127.0.0.1:" + server.getAddress().getPort() + "\n");
    }

    private static void drain(InputStream in) throws IOException {
        in.readAllBytes();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
