package dev.gameday.slo.period;

import dev.gameday.core.event.Event;
import dev.gameday.core.metric.MetricQuery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The finest period the run's sources kept for each metric an SLO reads — the input of
 * {@link PeriodRule}. It is found once, at collection time, and recorded in the run's
 * {@code events.jsonl} as one {@value #EVENT} event per metric, so that evaluating the run
 * directory later rescales exactly as the run did. A metric with no such event has 1-second data
 * (runs recorded before this existed, and every local run's defaults).
 */
public final class Resolution {

    /** The event type that records one metric's finest period. */
    public static final String EVENT = "metrics.resolution";

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** Keyed by namespace and metric: CloudWatch's storage resolution is the metric's, whatever its dimensions. */
    private final Map<Metric, Duration> finest;

    private record Metric(String namespace, String name) implements Comparable<Metric> {
        @Override
        public int compareTo(Metric o) {
            int c = namespace.compareTo(o.namespace);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    private Resolution(Map<Metric, Duration> finest) {
        this.finest = Map.copyOf(finest);
    }

    /** Every metric at 1 second. */
    public static Resolution oneSecond() {
        return new Resolution(Map.of());
    }

    /** Asks a source (through {@code finestPeriod}) for the finest period of each query's metric. */
    public static Resolution probe(Collection<MetricQuery> queries, Function<MetricQuery, Duration> finestPeriod) {
        Map<Metric, Duration> out = new TreeMap<>();
        for (MetricQuery q : queries) {
            Duration d = Objects.requireNonNull(finestPeriod.apply(q), "finest period of " + q.label());
            new PeriodRule(d); // validates
            out.merge(key(q.namespace(), q.metricName()), d, Resolution::max);
        }
        return new Resolution(out);
    }

    /** What a run recorded in its events; metrics without an event have 1-second data. */
    public static Resolution fromEvents(List<Event> events) {
        Map<Metric, Duration> out = new TreeMap<>();
        for (Event e : events) {
            if (!e.type().equals(EVENT)) {
                continue;
            }
            String namespace = e.attr("namespace");
            String metric = e.attr("metric");
            String seconds = e.attr("finestPeriodSeconds");
            if (namespace == null || metric == null || seconds == null) {
                throw new IllegalArgumentException("a " + EVENT + " event needs namespace, metric and "
                        + "finestPeriodSeconds, had " + e.attrs());
            }
            out.merge(key(namespace, metric), Duration.ofSeconds(Long.parseLong(seconds)), Resolution::max);
        }
        return new Resolution(out);
    }

    /** The attributes of the {@value #EVENT} events that record this resolution, one per metric, sorted. */
    public List<Map<String, Object>> eventAttributes() {
        List<Map<String, Object>> out = new ArrayList<>();
        new TreeMap<>(finest).forEach((metric, period) -> {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("namespace", metric.namespace());
            attrs.put("metric", metric.name());
            attrs.put("finestPeriodSeconds", period.toSeconds());
            out.add(attrs);
        });
        return out;
    }

    /** The rule for one query's metric. */
    public PeriodRule rule(MetricQuery query) {
        return new PeriodRule(finest.getOrDefault(key(query.namespace(), query.metricName()), ONE_SECOND));
    }

    private static Metric key(String namespace, String metric) {
        return new Metric(namespace, metric);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resolution r && r.finest.equals(finest);
    }

    @Override
    public int hashCode() {
        return finest.hashCode();
    }

    @Override
    public String toString() {
        return "Resolution" + new TreeMap<>(finest);
    }
}
