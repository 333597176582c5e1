package dev.gameday.core.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory metric recorder at 1-second resolution that answers {@link MetricQuery}s the way
 * CloudWatch does. Each metric keeps one {@link SecondAggregate} per second — count, sum, minimum,
 * maximum exactly, and the distribution of values as an HdrHistogram (3 significant digits) once a
 * second holds more than one distinct value — in a {@link SecondSeries}, which archives minutes
 * older than {@link #ARCHIVE_AFTER_SECONDS} as compact blocks. Memory follows seconds, not
 * requests, and little of it per second, while
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
     * How much older than a metric's newest second a minute must be before it is archived: samples
     * are recorded as they happen, so by then it no longer changes (one that still does reopens
     * it). Keeps an hour-long run's heap flat.
     */
    static final long ARCHIVE_AFTER_SECONDS = 120;

    private final Map<MetricKey, SecondSeries<SecondAggregate>> metrics = new ConcurrentHashMap<>();

    /** Records one sample of a metric at {@code at}. */
    public void record(String namespace, String metricName, Map<String, String> dimensions, Instant at, double value) {
        record(new MetricKey(namespace, metricName, dimensions), at, value);
    }

    /** Records one sample of a metric at {@code at}. */
    public void record(MetricKey key, Instant at, double value) {
        SecondSeries<SecondAggregate> seconds = metrics.get(key);
        if (seconds == null) {
            seconds = metrics.computeIfAbsent(key,
                    k -> new SecondSeries<>(ARCHIVE_AFTER_SECONDS, s -> new SecondAggregate(), SecondAggregate::read));
        }
        long second = at.getEpochSecond();
        SecondAggregate aggregate = seconds.slot(second);
        while (!aggregate.add(value)) {
            aggregate = seconds.reopen(second); // archived meanwhile: a late sample
        }
    }

    /** How many minutes of every metric are archived (for tests). */
    long archivedMinutes() {
        return metrics.values().stream().mapToLong(SecondSeries::archivedMinutes).sum();
    }

    /** Every metric recorded so far. */
    public Set<MetricKey> keys() {
        return Set.copyOf(metrics.keySet());
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        MetricKey key = new MetricKey(query.namespace(), query.metricName(), query.dimensions());
        SecondSeries<SecondAggregate> seconds = metrics.get(key);
        List<DataPoint> points = new ArrayList<>();
        if (seconds != null) {
            // Read once: archived minutes are decoded once per query, not once per period.
            NavigableMap<Long, SecondAggregate> held = seconds.range(start.getEpochSecond(), end.getEpochSecond());
            long periodSeconds = query.period().toSeconds();
            for (long from = start.getEpochSecond(); from < end.getEpochSecond(); from += periodSeconds) {
                long to = Math.min(from + periodSeconds, end.getEpochSecond());
                Collection<SecondAggregate> window = held.subMap(from, true, to, false).values();
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
