package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.phase.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Reads one series of an SLO from the recorded metrics, keeping only the points on its own period grid. */
final class SeriesReader {

    /**
     * What was read.
     *
     * @param query    the query
     * @param points   the points on the grid of {@code range}, ascending, one per period at most
     * @param recorded whether the run recorded the query at all
     */
    record Read(MetricQuery query, List<DataPoint> points, boolean recorded) {

        boolean isEmpty() {
            return points.isEmpty();
        }

        EvidenceSeries evidence(String role) {
            return new EvidenceSeries(role, query.label(), query, points);
        }

        /** The values by period start, for walking periods in order. */
        TreeMap<Instant, Double> index() {
            TreeMap<Instant, Double> out = new TreeMap<>();
            points.forEach(p -> out.put(p.timestamp(), p.value()));
            return out;
        }
    }

    private SeriesReader() {
    }

    static Read read(MetricsSource source, MetricQuery query, TimeRange range) {
        List<DataPoint> raw;
        try {
            raw = source.fetch(query, range.start(), range.end()).points();
        } catch (IllegalArgumentException notRecorded) {
            // RecordedMetrics refuses a query the run never fetched: that is missing data, not a bug here.
            return new Read(query, List.of(), false);
        }
        long period = query.period().toSeconds();
        // Another SLO may have recorded the same query over an overlapping window with another
        // alignment; only points on this window's grid belong to it, each once.
        TreeMap<Instant, DataPoint> onGrid = new TreeMap<>();
        for (DataPoint p : raw) {
            if (p.timestamp().isBefore(range.start()) || !p.timestamp().isBefore(range.end())
                    || Double.isNaN(p.value())) {
                continue;
            }
            long offset = Duration.between(range.start(), p.timestamp()).toMillis();
            if (offset % (period * 1000) == 0) {
                onGrid.putIfAbsent(p.timestamp(), p);
            }
        }
        return new Read(query, List.copyOf(onGrid.values()), true);
    }

    /** Why a series had nothing, for the explanation. */
    static String missing(Read read, TimeRange range) {
        return read.recorded()
                ? "no data for " + read.query().label() + " over " + range.describe()
                : "the run did not record " + read.query().label() + " over " + range.describe();
    }
}
