package dev.gameday.platform.metrics;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;

import java.time.Instant;
import java.util.Objects;

/**
 * The local target's {@link MetricsSource}: answers CloudWatch-shaped queries from the metric
 * store the platform records into, at 1-second resolution with exact percentiles.
 */
public final class LocalMetricsSource implements MetricsSource {

    private final MetricStore store;

    public LocalMetricsSource(MetricStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        return store.fetch(query, start, end);
    }

    /** The store behind this source, e.g. to write {@code metrics/server.json} at the end of a run. */
    public MetricStore store() {
        return store;
    }
}
