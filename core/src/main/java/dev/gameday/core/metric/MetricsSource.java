package dev.gameday.core.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The port everything above the targets reads metrics through: CloudWatch on AWS, the local
 * platform's recorder locally, a run directory's recorded files when a report is rebuilt.
 * Nothing that holds a {@code MetricsSource} knows which one it holds.
 */
public interface MetricsSource {

    /**
     * Answers one query over {@code [start, end)}: one point per period with data, periods
     * aligned to {@code start}.
     */
    TimeSeries fetch(MetricQuery query, Instant start, Instant end);

    /** Answers several queries over the same range; adapters batch them where the backend can. */
    default List<TimeSeries> fetchAll(List<MetricQuery> queries, Instant start, Instant end) {
        return queries.stream().map(q -> fetch(q, start, end)).toList();
    }

    /**
     * The shortest period this source keeps data for the query's metric (its period and statistic
     * aside): 1 second locally and for high-resolution custom metrics; CloudWatch keeps standard
     * metrics ({@code AWS/*}) per 60 seconds. SLOs are rescaled to it (slo-checks, "Periods on AWS").
     */
    default Duration finestPeriod(MetricQuery query) {
        return Duration.ofSeconds(1);
    }

    /**
     * The paid API calls this source has made so far, by name (e.g. {@code cloudwatch:GetMetricData}),
     * for the run's summary; empty for a source that calls no paid API.
     */
    default Map<String, Long> apiUsage() {
        return Map.of();
    }
}
