package dev.gameday.simulation.recorder;

import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

import static dev.gameday.simulation.recorder.ClientRecorder.JOURNEY;
import static dev.gameday.simulation.recorder.ClientRecorder.JOURNEY_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.KO_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.NAMESPACE;
import static dev.gameday.simulation.recorder.ClientRecorder.OK_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST;
import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.RESPONSE_TIME;
import static dev.gameday.simulation.recorder.ClientRecorder.RESPONSE_TIME_STATISTICS;

/**
 * Client metrics kept as per-second buckets per request name (OK, KO, response-time histogram) and
 * per-second journey counts, and how any client query is answered from them. The live
 * {@link ClientRecorder} and a file's {@link ClientMetrics} hold the same buckets, so both answer
 * every query the same way.
 */
interface SecondBuckets {

    /** The request names with at least one bucket. */
    Set<String> requestNames();

    /** The journeys with at least one start. */
    Set<String> journeyNames();

    /** Adds the buckets of {@code request} ({@code null}: every name) in {@code [from, to)} (epoch seconds). */
    void addTo(Tally tally, String request, long fromSecond, long toSecond);

    /**
     * Adds each bucket of {@code request} ({@code null}: every name) in {@code [from, to)} to the
     * tally of its own second, {@code tallyOf.apply(second)}. The default asks {@link #addTo} second
     * by second; the live recorder reads each name's range once instead, as reading an archived
     * second decodes its whole minute.
     */
    default void addBySecond(String request, long fromSecond, long toSecond, LongFunction<Tally> tallyOf) {
        for (long second = fromSecond; second < toSecond; second++) {
            addTo(tallyOf.apply(second), request, second, second + 1);
        }
    }

    /** Journeys of that name started in {@code [from, to)} (epoch seconds). */
    long journeysStarted(String journey, long fromSecond, long toSecond);

    /**
     * Answers a client query as the core metric store would from raw samples: one point per
     * period with data, periods aligned to {@code start}. A query of another namespace, metric or
     * dimension set has no data.
     */
    default TimeSeries answer(MetricQuery query, Instant start, Instant end) {
        List<DataPoint> points = new ArrayList<>();
        Selection selection = Selection.of(query);
        if (selection != null) {
            long period = query.period().toSeconds();
            long last = end.getEpochSecond();
            for (long from = start.getEpochSecond(); from < last; from += period) {
                long to = Math.min(from + period, last);
                Tally tally = new Tally(query.metricName().equals(RESPONSE_TIME));
                if (selection.journey() != null) {
                    tally.addJourneys(journeysStarted(selection.journey(), from, to));
                } else {
                    addTo(tally, selection.request(), from, to);
                }
                if (tally.requests() > 0) {
                    points.add(new DataPoint(Instant.ofEpochSecond(from), tally.value(query.metricName(), query.statistic())));
                }
            }
        }
        return new TimeSeries(query, start, end, points);
    }

    /**
     * The per-second series {@code client.json} holds over {@code [start, end)}: the counts with
     * {@code Sum} and the response time with {@link ClientRecorder#RESPONSE_TIME_STATISTICS}, for
     * all requests and per name, and the journey counts; sorted by label. One merge per second and
     * name, however many statistics are read from it.
     */
    default List<TimeSeries> recordedSeries(Instant start, Instant end) {
        Map<MetricQuery, List<DataPoint>> points = new LinkedHashMap<>();
        List<String> requests = new ArrayList<>();
        requests.add(null);
        requests.addAll(requestNames());
        long last = end.getEpochSecond();
        for (String request : requests) {
            List<MetricQuery> queries = new ArrayList<>();
            for (String count : List.of(REQUEST_COUNT, OK_COUNT, KO_COUNT)) {
                queries.add(ClientRecorder.query(count, request, Statistic.SUM));
            }
            for (Statistic s : RESPONSE_TIME_STATISTICS) {
                queries.add(ClientRecorder.query(RESPONSE_TIME, request, s));
            }
            queries.forEach(q -> points.put(q, new ArrayList<>()));
            TreeMap<Long, Tally> bySecond = new TreeMap<>();
            addBySecond(request, start.getEpochSecond(), last, second -> bySecond.computeIfAbsent(second, k -> new Tally(true)));
            bySecond.forEach((second, tally) -> {
                if (tally.requests() > 0) {
                    Instant at = Instant.ofEpochSecond(second);
                    queries.forEach(q -> points.get(q).add(new DataPoint(at, tally.value(q.metricName(), q.statistic()))));
                }
            });
        }
        for (String journey : journeyNames()) {
            MetricQuery q = ClientRecorder.journeyQuery(journey);
            points.put(q, answer(q, start, end).points());
        }
        List<TimeSeries> series = new ArrayList<>();
        points.forEach((q, p) -> series.add(new TimeSeries(q, start, end, p)));
        series.sort(Comparator.comparing(t -> t.query().label()));
        return series;
    }

    /** Which buckets a query reads: one request name, all of them ({@code null}), or one journey. */
    record Selection(String request, String journey) {

        /** The selection of a query, or {@code null} when no bucket can answer it. */
        static Selection of(MetricQuery query) {
            if (!query.namespace().equals(NAMESPACE)) {
                return null;
            }
            Map<String, String> dims = query.dimensions();
            return switch (query.metricName()) {
                case REQUEST_COUNT, OK_COUNT, KO_COUNT, RESPONSE_TIME -> dims.isEmpty() ? new Selection(null, null)
                        : dims.size() == 1 && dims.containsKey(REQUEST) ? new Selection(dims.get(REQUEST), null) : null;
                case JOURNEY_COUNT -> dims.size() == 1 && dims.containsKey(JOURNEY) ? new Selection(null, dims.get(JOURNEY)) : null;
                default -> null;
            };
        }
    }
}
