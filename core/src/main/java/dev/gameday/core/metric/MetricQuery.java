package dev.gameday.core.metric;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One metric, named as CloudWatch names it, with the statistic and period to aggregate it by.
 * The same query is answered by CloudWatch on AWS and by the local platform's recorder.
 *
 * @param namespace  e.g. {@code AWS/ApplicationELB}
 * @param metricName e.g. {@code TargetResponseTime}
 * @param dimensions e.g. {@code LoadBalancer=app/shop/1}; kept sorted so equal queries are equal
 * @param statistic  how the samples of one period are aggregated
 * @param period     the aggregation period (at least one second)
 */
public record MetricQuery(String namespace, String metricName, Map<String, String> dimensions,
                          Statistic statistic, Duration period) {

    public MetricQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(period, "period");
        if (period.toMillis() < 1000 || period.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("period must be a whole number of seconds >= 1, was " + period);
        }
        dimensions = dimensions == null ? Map.of() : Map.copyOf(new TreeMap<>(dimensions));
    }

    /** The same metric with another statistic. */
    public MetricQuery withStatistic(Statistic other) {
        return new MetricQuery(namespace, metricName, dimensions, other, period);
    }

    /** The same metric with another period. */
    public MetricQuery withPeriod(Duration other) {
        return new MetricQuery(namespace, metricName, dimensions, statistic, other);
    }

    /** A readable label such as {@code AWS/ApplicationELB TargetResponseTime{LoadBalancer=x} p99/1s}. */
    public String label() {
        return namespace + " " + metricName + new TreeMap<>(dimensions) + " " + statistic + "/" + period.toSeconds() + "s";
    }
}
