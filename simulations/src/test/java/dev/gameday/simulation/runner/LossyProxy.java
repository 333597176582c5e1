package dev.gameday.simulation.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP reverse proxy in front of the shop that loses checkout answers the way a failing
 * load balancer does: every request reaches the shop, but for each idempotency key the first
 * {@code POST /orders} answer is replaced by a 504 and the second is never sent (the client times
 * out); the third goes through. The order is created by the first attempt all the same.
 */
final class LossyProxy implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> checkouts = new ConcurrentHashMap<>();
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();

    LossyProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        HttpResponse<byte[]> reply;
        try {
            reply = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        boolean checkout = exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/orders");
        int attempt = checkout
                ? checkouts.computeIfAbsent(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")),
                        k -> new AtomicInteger()).incrementAndGet()
                : 0;
        if (attempt == 1) {
            send(exchange, 504, "application/json", "{\"message\":\"upstream timed out\"}".getBytes(StandardCharsets.UTF_8));
        } else if (attempt == 2) {
            held.add(exchange); // no answer at all: the client's request timeout fires
        } else {
            send(exchange, reply.statusCode(), reply.headers().firstValue("Content-Type").orElse("application/json"), reply.body());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        held.forEach(HttpExchange::close);
        executor.shutdownNow();
    }
}
