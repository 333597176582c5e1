package dev.gameday.shop.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Publishes the shop's high-resolution metrics in CloudWatch's embedded metric format (EMF): one
 * JSON line a second on stdout, which the ECS {@code awslogs} driver ships to CloudWatch Logs,
 * where every line becomes data points with a 1-second storage resolution — the only way an SLO
 * on AWS can see a second-by-second picture (ALB and Container Insights keep one point a minute).
 * Metrics, dimension {@code Service}: {@code Requests}, {@code Target5xx}, {@code OrdersPlaced}
 * (counts of that second) and {@code Latency} (milliseconds, as value/count pairs, so CloudWatch
 * computes percentiles over all tasks). The task id and zone ride along as properties, searchable
 * in Logs Insights without multiplying the metrics' cost.
 */
public final class EmfPublisher implements ShopMetrics.RequestListener, AutoCloseable {

    /** EMF allows at most 100 distinct values per metric in one line. */
    static final int MAX_VALUES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one second collected; swapped out whole when the second ends. */
    private static final class Second {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<Long, LongAdder> latencyMillis = new ConcurrentHashMap<>();
    }

    private final String namespace;
    private final String service;
    private final Map<String, String> properties;
    private final ShopMetrics metrics;
    private final Consumer<String> out;
    private final Clock clock;
    private final AtomicReference<Second> current = new AtomicReference<>(new Second());
    private final ScheduledExecutorService ticker;
    private long ordersBefore;

    /**
     * Starts publishing, a line per second, until closed.
     *
     * @param properties extra root members of every line (e.g. {@code TaskId}, {@code Zone})
     * @param out        where lines go: {@code System.out::println} in a task
     */
    public static EmfPublisher start(String namespace, String service, Map<String, String> properties,
                                     ShopMetrics metrics, Consumer<String> out) {
        return new EmfPublisher(namespace, service, properties, metrics, out, Clock.systemUTC());
    }

    private EmfPublisher(String namespace, String service, Map<String, String> properties, ShopMetrics metrics,
                         Consumer<String> out, Clock clock) {
        this.namespace = namespace;
        this.service = service;
        this.properties = Map.copyOf(properties);
        this.metrics = metrics;
        this.out = out;
        this.clock = clock;
        this.ordersBefore = metrics.counter(ShopMetrics.ORDERS_PLACED);
        metrics.listen(this);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emf-publisher");
            t.setDaemon(true);
            return t;
        });
        // Aligned to wall-clock seconds, so each line's timestamp names the second it counts.
        long delay = 1000 - clock.millis() % 1000;
        ticker.scheduleAtFixedRate(this::publish, delay, 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onRequest(String route, int status, long nanos) {
        Second s = current.get();
        s.requests.increment();
        if (status >= 500) {
            s.errors.increment();
        }
        s.latencyMillis.computeIfAbsent(Math.round(nanos / 1e6), k -> new LongAdder()).increment();
    }

    private void publish() {
        try {
            Instant second = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
            out.accept(line(current.getAndSet(new Second()), second));
        } catch (RuntimeException e) {
            // A metrics line must never take the shop down; the next second tries again.
            System.err.println("emf: could not publish: " + e);
        }
    }

    private String line(Second s, Instant second) {
        long orders = metrics.counter(ShopMetrics.ORDERS_PLACED);
        long placed = orders - ordersBefore;
        ordersBefore = orders;

        List<Map<String, Object>> declared = new ArrayList<>(List.of(
                metric("Requests", "Count"), metric("Target5xx", "Count"), metric("OrdersPlaced", "Count")));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Service", service);
        root.putAll(properties);
        root.put("Requests", s.requests.sum());
        root.put("Target5xx", s.errors.sum());
        root.put("OrdersPlaced", placed);
        if (!s.latencyMillis.isEmpty()) {
            // A declared metric must have its member; a second without requests has no latency.
            declared.add(metric("Latency", "Milliseconds"));
            root.put("Latency", valuesAndCounts(s.latencyMillis));
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(List.of("Service")));
        directive.put("Metrics", declared);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", second.toEpochMilli());
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.putAll(root);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> metric(String name, String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Unit", unit);
        m.put("StorageResolution", 1);
        return m;
    }

    /**
     * The second's latencies as EMF's {@code Values}/{@code Counts}: whole milliseconds, coarsened
     * (each value rounded to fewer significant digits) until at most {@link #MAX_VALUES} remain.
     */
    static Map<String, Object> valuesAndCounts(Map<Long, LongAdder> millis) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (Map.Entry<Long, LongAdder> e : millis.entrySet()) {
            counts.merge(e.getKey(), e.getValue().sum(), Long::sum);
        }
        for (int digits = 3; counts.size() > MAX_VALUES; digits--) {
            TreeMap<Long, Long> coarser = new TreeMap<>();
            for (Map.Entry<Long, Long> e : counts.entrySet()) {
                coarser.merge(round(e.getKey(), digits), e.getValue(), Long::sum);
            }
            counts = coarser;
        }
        return Map.of("Values", List.copyOf(counts.keySet()), "Counts", List.copyOf(counts.values()));
    }

    /** {@code value} rounded to {@code digits} significant digits (1234, 2 → 1200). */
    static long round(long value, int digits) {
        long scale = 1;
        while (value / scale >= Math.pow(10, digits)) {
            scale *= 10;
        }
        return Math.round((double) value / scale) * scale;
    }

    /** Stops, after publishing the second in progress: a stopping task's last requests still count. */
    @Override
    public void close() {
        metrics.listen(null);
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.accept(line(current.getAndSet(new Second()), clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    }
}
