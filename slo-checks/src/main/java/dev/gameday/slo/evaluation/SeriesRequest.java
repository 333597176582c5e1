package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One series the evaluator will need, to be fetched once from a live source and recorded in the
 * run directory: the query (with its period) over {@code [start, end)}, on whole seconds.
 *
 * @param query what to fetch, period included
 * @param start inclusive, on a whole second; periods are aligned to it
 * @param end   exclusive, on a whole second
 */
public record SeriesRequest(MetricQuery query, Instant start, Instant end) {

    /** The namespace of the client recorder's series ({@code metrics/client.json}). */
    public static final String CLIENT_NAMESPACE = "Gameday/Client";

    public SeriesRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("empty range " + start + " – " + end + " for " + query.label());
        }
    }

    /** Whether the series comes from the client recorder rather than the server side. */
    public boolean isClientSide() {
        return query.namespace().equals(CLIENT_NAMESPACE);
    }

    /** Fetches this series from a source. */
    public TimeSeries fetchFrom(MetricsSource source) {
        return source.fetch(query, start, end);
    }

    /**
     * Fetches every request from a source, in order: what the orchestrator records into
     * {@code metrics/server.json} (and, for {@link #isClientSide()} requests, {@code client.json}).
     */
    public static List<TimeSeries> fetchAll(List<SeriesRequest> requests, MetricsSource source) {
        return requests.stream().map(r -> r.fetchFrom(source)).toList();
    }

    /**
     * Drops duplicates and joins requests for the same query whose ranges overlap or touch and
     * whose periods line up, so the recorded files hold every point once. Order: first appearance.
     */
    static List<SeriesRequest> merge(List<SeriesRequest> requests) {
        Map<MetricQuery, List<SeriesRequest>> byQuery = new LinkedHashMap<>();
        for (SeriesRequest r : requests) {
            byQuery.computeIfAbsent(r.query(), q -> new ArrayList<>()).add(r);
        }
        List<SeriesRequest> out = new ArrayList<>();
        for (List<SeriesRequest> group : byQuery.values()) {
            List<SeriesRequest> sorted = new ArrayList<>(group);
            sorted.sort(Comparator.comparing(SeriesRequest::start).thenComparing(SeriesRequest::end));
            SeriesRequest current = null;
            for (SeriesRequest next : sorted) {
                if (current != null && current.canJoin(next)) {
                    Instant end = next.end().isAfter(current.end()) ? next.end() : current.end();
                    current = new SeriesRequest(current.query(), current.start(), end);
                } else {
                    if (current != null) {
                        out.add(current);
                    }
                    current = next;
                }
            }
            out.add(current);
        }
        return List.copyOf(out);
    }

    private boolean canJoin(SeriesRequest later) {
        if (later.start().isAfter(end)) {
            return false;
        }
        if (later.start().equals(start) && later.end().equals(end)) {
            return true;
        }
        long period = query.period().toSeconds();
        long offset = Duration.between(start, later.start()).toSeconds();
        // A joined request cuts periods from the earlier start; the later one's periods must fall
        // on the same grid, and the earlier one's last period must be whole.
        return offset % period == 0 && Duration.between(start, end).toSeconds() % period == 0;
    }
}
