package dev.gameday.shop.health;

import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.http.Request;
import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import dev.gameday.shop.metrics.ShopMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The operational endpoints: {@code /health} (shallow, for the load balancer; 503 while draining),
 * {@code /ready} (database and queue reachable) and {@code /metrics} (Prometheus text).
 */
public final class Health {

    /** A dependency that can say whether it is reachable right now. */
    @FunctionalInterface
    public interface Probe {
        boolean reachable();
    }

    private final String zone;
    private final String task;
    private final BooleanSupplier draining;
    private final ShopDataSource db;
    private final Probe queue;
    private final ShopMetrics metrics;

    /** @param queue {@code null} when no queue is configured */
    public Health(String zone, String task, BooleanSupplier draining, ShopDataSource db, Probe queue, ShopMetrics metrics) {
        this.zone = zone;
        this.task = task;
        this.draining = draining;
        this.db = db;
        this.queue = queue;
        this.metrics = metrics;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/health", this::health),
                Route.get("/ready", this::ready),
                Route.get("/metrics", r -> Response.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render())));
    }

    private Response health(Request r) {
        if (draining.getAsBoolean()) {
            return Response.json(503, Map.of("status", "draining"));
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("zone", zone);
        body.put("task", task);
        return Response.ok(body);
    }

    private Response ready(Request r) {
        boolean dbUp;
        try {
            dbUp = db.withConnection(c -> c.isValid(2));
        } catch (Exception e) {
            dbUp = false;
        }
        Map<String, String> body = new LinkedHashMap<>();
        boolean queueUp = queue == null || queue.reachable();
        boolean ready = dbUp && queueUp && !draining.getAsBoolean();
        body.put("status", ready ? "ready" : draining.getAsBoolean() ? "draining" : "not ready");
        body.put("database", dbUp ? "up" : "down");
        body.put("queue", queue == null ? "not configured" : queueUp ? "up" : "down");
        return Response.json(ready ? 200 : 503, body);
    }
}
