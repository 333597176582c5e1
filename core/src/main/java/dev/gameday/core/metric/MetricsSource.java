package dev.gameday.core.metric;

import java.time.Instant;
import java.util.List;

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
}
