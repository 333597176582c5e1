package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;

import java.util.List;
import java.util.Objects;

/**
 * One series an SLO was judged on, as read from the recorded metrics, with its role in the SLO.
 *
 * @param role   {@code good}, {@code bad}, {@code valid}, {@code metric} or {@code sli}
 * @param label  the query's label, e.g. {@code AWS/ApplicationELB TargetResponseTime{…} p99/20s}
 * @param query  the query
 * @param points the points read, ascending
 */
public record EvidenceSeries(String role, String label, MetricQuery query, List<DataPoint> points) {

    public EvidenceSeries {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(query, "query");
        points = List.copyOf(points);
    }
}
