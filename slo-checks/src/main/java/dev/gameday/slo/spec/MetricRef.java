package dev.gameday.slo.spec;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A metric as an SLO names it — namespace, metric, dimensions and statistic — without a period:
 * the evaluator picks the period from the SLO's window (one period per window, per slice or per
 * second).
 *
 * @param namespace  e.g. {@code AWS/ApplicationELB}
 * @param metricName e.g. {@code TargetResponseTime}
 * @param dimensions sorted; values may hold {@code ${name}} placeholders until {@link #resolve}d
 * @param statistic  how samples are aggregated
 */
public record MetricRef(String namespace, String metricName, Map<String, String> dimensions, Statistic statistic) {

    public MetricRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(statistic, "statistic");
        dimensions = dimensions == null ? Map.of() : Map.copyOf(new TreeMap<>(dimensions));
    }

    /** This reference with the placeholders of its namespace, name and dimension values filled by {@code fill}. */
    public MetricRef resolve(UnaryOperator<String> fill) {
        return new MetricRef(fill.apply(namespace), fill.apply(metricName), filled(dimensions, fill), statistic);
    }

    /** {@code query} with the placeholders of its namespace, name and dimension values filled by {@code fill}. */
    public static MetricQuery resolve(MetricQuery query, UnaryOperator<String> fill) {
        return new MetricQuery(fill.apply(query.namespace()), fill.apply(query.metricName()),
                filled(query.dimensions(), fill), query.statistic(), query.period());
    }

    private static Map<String, String> filled(Map<String, String> dimensions, UnaryOperator<String> fill) {
        Map<String, String> out = new LinkedHashMap<>();
        dimensions.forEach((name, value) -> out.put(name, fill.apply(value)));
        return out;
    }

    /** The query for this metric aggregated over {@code period}. */
    public MetricQuery query(Duration period) {
        return new MetricQuery(namespace, metricName, dimensions, statistic, period);
    }

    /** The unit values of this metric are in, for people: {@code s} for times, empty for counts. */
    public String unit() {
        // CloudWatch reports these in seconds; everything else we read is a count or a gauge.
        return switch (metricName) {
            case "TargetResponseTime", "ResponseTime", "ApproximateAgeOfOldestMessage", "ReplicaLag",
                 "WriteLatency", "ReadLatency" -> "s";
            default -> "";
        };
    }

    /** A short name for sentences, e.g. {@code TargetResponseTime p99}. */
    public String shortLabel() {
        return metricName + " " + statistic;
    }
}
