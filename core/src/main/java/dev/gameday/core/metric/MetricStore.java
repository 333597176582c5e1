package dev.gameday.core.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * CloudWatch does: it keeps every raw sample, so any statistic (percentiles included) over any
 * whole-second period is exact. Used by the local platform for server-side metrics and by the
 * client recorder for client-side ones.
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

    private final Map<MetricKey, ConcurrentNavigableMap<Long, Samples>> metrics = new ConcurrentHashMap<>();

    /** Records one sample of a metric at {@code at}. */
    public void record(String namespace, String metricName, Map<String, String> dimensions, Instant at, double value) {
        record(new MetricKey(namespace, metricName, dimensions), at, value);
    }

    /** Records one sample of a metric at {@code at}. */
    public void record(MetricKey key, Instant at, double value) {
        metrics.computeIfAbsent(key, k -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(at.getEpochSecond(), s -> new Samples())
                .add(value);
    }

    /** Every metric recorded so far. */
    public Set<MetricKey> keys() {
        return Set.copyOf(metrics.keySet());
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        MetricKey key = new MetricKey(query.namespace(), query.metricName(), query.dimensions());
        ConcurrentNavigableMap<Long, Samples> seconds = metrics.get(key);
        List<DataPoint> points = new ArrayList<>();
        if (seconds != null) {
            long periodSeconds = query.period().toSeconds();
            for (long from = start.getEpochSecond(); from < end.getEpochSecond(); from += periodSeconds) {
                long to = Math.min(from + periodSeconds, end.getEpochSecond());
                double[] values = collect(seconds.subMap(from, true, to, false));
                if (values.length > 0) {
                    points.add(new DataPoint(Instant.ofEpochSecond(from), aggregate(query.statistic(), values)));
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

    private static double[] collect(Map<Long, Samples> window) {
        int size = 0;
        List<double[]> parts = new ArrayList<>(window.size());
        for (Samples samples : window.values()) {
            double[] part = samples.snapshot();
            parts.add(part);
            size += part.length;
        }
        double[] all = new double[size];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Aggregates raw samples by a statistic; percentiles use the nearest-rank method. */
    static double aggregate(Statistic statistic, double[] values) {
        switch (statistic.name()) {
            case "Sum":
                return Arrays.stream(values).sum();
            case "SampleCount":
                return values.length;
            case "Average":
                return Arrays.stream(values).average().orElse(Double.NaN);
            case "Minimum":
                return Arrays.stream(values).min().orElse(Double.NaN);
            case "Maximum":
                return Arrays.stream(values).max().orElse(Double.NaN);
            default:
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                int rank = (int) Math.ceil(statistic.percentile() / 100.0 * sorted.length);
                return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /** The samples of one second; appended from many threads, read rarely. */
    private static final class Samples {
        private double[] values = new double[4];
        private int size;

        synchronized void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized double[] snapshot() {
            return Arrays.copyOf(values, size);
        }
    }
}
