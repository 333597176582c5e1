package dev.gameday.core.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory metric recorder at 1-second resolution that answers {@link MetricQuery}s the way
 * CloudWatch does. Each metric keeps one {@link SecondAggregate} per second — count, sum, minimum,
 * maximum exactly, and the distribution of values as an HdrHistogram (3 significant digits) once a
 * second holds more than one distinct value — so memory follows seconds, not requests, while
 * {@code SampleCount}, {@code Sum}, {@code Average}, {@code Minimum} and {@code Maximum} over any
 * whole-second period stay exact and percentiles are within 0.1 % (exact for a single value).
 * Used by the local platform for server-side metrics.
 *
 * <p>Counters record one sample per event (value 1, or the amount) and are read with {@code Sum};
 * gauges record their value once per second and are read with {@code Minimum}/{@code Maximum}/
 * {@code Average}. A period with no sample has no data point, as in CloudWatch.
 */
public final class MetricStore implements MetricsSource {

    /** The identity of one metric: namespace, name and dimensions. */
    public record MetricKey(String namespace, String metricName, Map<String, String> dimensions) {
        public MetricKey {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(metricName, "metricName");
            dimensions = dimensions == null ? Map.of() : Map.copyOf(new TreeMap<>(dimensions));
        }
    }

    /**
     * How old a second is before its distribution is compressed ({@link SecondAggregate#compact()}):
     * samples are recorded as they happen, so by then it no longer changes (one that still does is
     * unpacked again). Keeps an hour-long run's heap nearly flat.
     */
    static final long COMPACT_AFTER_SECONDS = 120;

    private final Map<MetricKey, ConcurrentNavigableMap<Long, SecondAggregate>> metrics = new ConcurrentHashMap<>();

    /** Records one sample of a metric at {@code at}. */
    public void record(String namespace, String metricName, Map<String, String> dimensions, Instant at, double value) {
        record(new MetricKey(namespace, metricName, dimensions), at, value);
    }

    /** Records one sample of a metric at {@code at}. */
    public void record(MetricKey key, Instant at, double value) {
        ConcurrentNavigableMap<Long, SecondAggregate> seconds = metrics.get(key);
        if (seconds == null) {
            seconds = metrics.computeIfAbsent(key, k -> new ConcurrentSkipListMap<>());
        }
        long second = at.getEpochSecond();
        SecondAggregate aggregate = seconds.get(second);
        if (aggregate == null) {
            aggregate = seconds.computeIfAbsent(second, s -> new SecondAggregate());
            // A new second for this metric: the one two minutes back is final, keep it compressed.
            SecondAggregate old = seconds.get(second - COMPACT_AFTER_SECONDS);
            if (old != null) {
                old.compact();
            }
        }
        aggregate.add(value);
    }

    /** How many seconds of every metric hold their distribution compressed (for tests). */
    long compressedSeconds() {
        return metrics.values().stream().flatMap(seconds -> seconds.values().stream())
                .filter(SecondAggregate::isCompressed).count();
    }

    /** Every metric recorded so far. */
    public Set<MetricKey> keys() {
        return Set.copyOf(metrics.keySet());
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        MetricKey key = new MetricKey(query.namespace(), query.metricName(), query.dimensions());
        ConcurrentNavigableMap<Long, SecondAggregate> seconds = metrics.get(key);
        List<DataPoint> points = new ArrayList<>();
        if (seconds != null) {
            long periodSeconds = query.period().toSeconds();
            for (long from = start.getEpochSecond(); from < end.getEpochSecond(); from += periodSeconds) {
                long to = Math.min(from + periodSeconds, end.getEpochSecond());
                Collection<SecondAggregate> window = seconds.subMap(from, true, to, false).values();
                if (!window.isEmpty()) {
                    points.add(new DataPoint(Instant.ofEpochSecond(from), SecondAggregate.statistic(query.statistic(), window)));
                }
            }
        }
        return new TimeSeries(query, start, end, points);
    }

    /** The same query answered for a whole window in one data point, or {@code NaN} when no data. */
    public double aggregateOver(MetricQuery query, Instant start, Instant end) {
        long seconds = Math.max(1, Duration.between(start, end).toSeconds());
        TimeSeries series = fetch(query.withPeriod(Duration.ofSeconds(seconds)), start, end);
        return series.isEmpty() ? Double.NaN : series.points().get(0).value();
    }
}
