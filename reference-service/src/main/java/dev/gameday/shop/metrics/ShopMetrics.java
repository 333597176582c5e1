package dev.gameday.shop.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The shop's own counters, rendered as Prometheus text for {@code GET /metrics}: requests by route
 * and status, a latency histogram per route (buckets, sum, count, max), business counters and
 * gauges (db pool, in-flight).
 */
public final class ShopMetrics {

    /** The business counter of orders committed (a retried checkout is not counted again). */
    public static final String ORDERS_PLACED = "shop_orders_placed_total";

    /** Hears every answered request as it is recorded (e.g. {@link EmfPublisher}). */
    @FunctionalInterface
    public interface RequestListener {
        void onRequest(String route, int status, long nanos);
    }

    private record RouteStatus(String route, int status) implements Comparable<RouteStatus> {
        @Override
        public int compareTo(RouteStatus o) {
            int c = route.compareTo(o.route);
            return c != 0 ? c : Integer.compare(status, o.status);
        }
    }

    /** Bucket upper bounds in seconds: fine below 100 ms where a healthy shop lives, coarse above. */
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final class Latency {
        final LongAdder[] buckets = new LongAdder[BOUNDS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumNanos = new LongAdder();
        final AtomicLong maxNanos = new AtomicLong();

        Latency() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void record(long nanos) {
            double seconds = nanos / 1e9;
            for (int i = 0; i < BOUNDS.length; i++) {
                if (seconds <= BOUNDS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sumNanos.add(nanos);
            maxNanos.accumulateAndGet(nanos, Math::max);
        }
    }

    private final ConcurrentHashMap<RouteStatus, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Latency> latencies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private volatile RequestListener listener;

    /** Records one answered request under its route pattern (never the raw path). */
    public void recordRequest(String route, int status, long nanos) {
        requests.computeIfAbsent(new RouteStatus(route, status), k -> new LongAdder()).increment();
        latencies.computeIfAbsent(route, k -> new Latency()).record(nanos);
        RequestListener l = listener;
        if (l != null) {
            l.onRequest(route, status, nanos);
        }
    }

    /** Sets the one listener told of every request from now on ({@code null} removes it). */
    public void listen(RequestListener listener) {
        this.listener = listener;
    }

    /** Adds one to a business counter such as {@code shop_orders_placed_total}. */
    public void increment(String counter) {
        counters.computeIfAbsent(counter, k -> new LongAdder()).increment();
    }

    public long counter(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    /** Registers a gauge read at every scrape. */
    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP shop_http_requests_total HTTP requests answered, by route pattern and status.\n");
        out.append("# TYPE shop_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((k, v) -> out.append("shop_http_requests_total{route=\"")
                .append(escape(k.route())).append("\",status=\"").append(k.status()).append("\"} ")
                .append(v.sum()).append('\n'));
        out.append("# HELP shop_http_request_duration_seconds Time to answer a request, by route pattern.\n");
        out.append("# TYPE shop_http_request_duration_seconds histogram\n");
        new TreeMap<>(latencies).forEach((route, l) -> {
            String labels = "{route=\"" + escape(route) + "\"}";
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative += l.buckets[i].sum();
                out.append("shop_http_request_duration_seconds_bucket{route=\"").append(escape(route))
                        .append("\",le=\"").append(BOUNDS[i]).append("\"} ").append(cumulative).append('\n');
            }
            out.append("shop_http_request_duration_seconds_bucket{route=\"").append(escape(route))
                    .append("\",le=\"+Inf\"} ").append(l.count.sum()).append('\n');
            out.append("shop_http_request_duration_seconds_sum").append(labels).append(' ')
                    .append(l.sumNanos.sum() / 1e9).append('\n');
            out.append("shop_http_request_duration_seconds_count").append(labels).append(' ')
                    .append(l.count.sum()).append('\n');
        });
        out.append("# HELP shop_http_request_duration_seconds_max Slowest answer since start, by route pattern.\n");
        out.append("# TYPE shop_http_request_duration_seconds_max gauge\n");
        new TreeMap<>(latencies).forEach((route, l) -> out.append("shop_http_request_duration_seconds_max{route=\"")
                .append(escape(route)).append("\"} ").append(l.maxNanos.get() / 1e9).append('\n'));
        new TreeMap<>(counters).forEach((name, v) -> out.append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v.sum()).append('\n'));
        new TreeMap<>(gauges).forEach((name, v) -> {
            long value;
            try {
                value = v.getAsLong();
            } catch (RuntimeException e) {
                return; // a gauge that cannot be read right now (pool closing) is left out of this scrape
            }
            out.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
        });
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
