package dev.gameday.simulation.recorder;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client-side metrics of a run, recorded request by request from inside the simulation
 * (Gatling 3.14 has no live-metrics writer) into a core {@link MetricStore} under CloudWatch-style
 * names, namespace {@value #NAMESPACE}:
 *
 * <ul>
 *   <li>{@code RequestCount}, {@code OkCount}, {@code KoCount}: one sample per request (1 or 0),
 *       read with {@code Sum};</li>
 *   <li>{@code ResponseTime}: seconds, one sample per request, OK and KO alike (a timeout is what
 *       the shopper waited), read with {@code pNN}/{@code Average}/{@code Maximum};</li>
 *   <li>{@code JourneyCount}: one sample per started journey, dimension {@code Journey}.</li>
 * </ul>
 *
 * Request metrics have two dimension sets: {@code {}} (all requests) and {@code {Request: name}}.
 * The harness reads it live as a {@link MetricsSource} (guardrails, status line, whole-phase
 * aggregates) and writes it to {@code metrics/client.json} at the end.
 */
public final class ClientRecorder implements MetricsSource {

    /** The namespace of every client metric. */
    public static final String NAMESPACE = "Gameday/Client";
    /** Requests sent (one sample of 1 per request; read with Sum). */
    public static final String REQUEST_COUNT = "RequestCount";
    /** Requests Gatling counted OK. */
    public static final String OK_COUNT = "OkCount";
    /** Requests Gatling counted KO: bad status, failed check, connection error, timeout. */
    public static final String KO_COUNT = "KoCount";
    /** Response time in seconds. */
    public static final String RESPONSE_TIME = "ResponseTime";
    /** Journeys started, per journey. */
    public static final String JOURNEY_COUNT = "JourneyCount";
    /** The dimension naming a request ({@code categories}, {@code checkout}, …). */
    public static final String REQUEST = "Request";
    /** The dimension naming a journey ({@code browser}, {@code buyer}, …). */
    public static final String JOURNEY = "Journey";

    /** The statistics {@code client.json} keeps of {@code ResponseTime}, per second. */
    public static final List<Statistic> RESPONSE_TIME_STATISTICS = List.of(
            Statistic.of("p50"), Statistic.of("p90"), Statistic.of("p95"), Statistic.of("p99"),
            Statistic.AVERAGE, Statistic.MAXIMUM);

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final MetricStore store = new MetricStore();
    private final Set<String> requestNames = ConcurrentHashMap.newKeySet();
    private final Set<String> journeyNames = ConcurrentHashMap.newKeySet();
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    /** Records one request: when it was sent, how long it took, and whether Gatling counted it OK. */
    public void record(String request, Instant sentAt, Duration responseTime, boolean ok) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(responseTime, "responseTime");
        requestNames.add(request);
        double seconds = responseTime.toNanos() / 1e9;
        for (Map<String, String> dims : List.of(Map.<String, String>of(), Map.of(REQUEST, request))) {
            store.record(NAMESPACE, REQUEST_COUNT, dims, sentAt, 1);
            store.record(NAMESPACE, OK_COUNT, dims, sentAt, ok ? 1 : 0);
            store.record(NAMESPACE, KO_COUNT, dims, sentAt, ok ? 0 : 1);
            store.record(NAMESPACE, RESPONSE_TIME, dims, sentAt, seconds);
        }
        first.accumulateAndGet(sentAt.getEpochSecond(), Math::min);
        last.accumulateAndGet(sentAt.getEpochSecond(), Math::max);
    }

    /** Records that a journey started. */
    public void journeyStarted(String journey, Instant at) {
        journeyNames.add(journey);
        store.record(NAMESPACE, JOURNEY_COUNT, Map.of(JOURNEY, journey), at, 1);
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        return store.fetch(query, start, end);
    }

    /** One query answered over a whole window (e.g. p99 over a phase), or {@code NaN} without data. */
    public double aggregateOver(MetricQuery query, Instant start, Instant end) {
        return store.aggregateOver(query, start, end);
    }

    /**
     * The share of KO requests over {@code [start, end)} (all requests, or one name), or
     * {@code NaN} when no request was sent then: what a guardrail or a status line shows.
     */
    public double errorRate(String request, Instant start, Instant end) {
        double requests = fetch(query(REQUEST_COUNT, request, Statistic.SUM), start, end).sum();
        return requests == 0 ? Double.NaN : fetch(query(KO_COUNT, request, Statistic.SUM), start, end).sum() / requests;
    }

    /** The names of the requests recorded so far, sorted. */
    public Set<String> requestNames() {
        return new TreeSet<>(requestNames);
    }

    /** The names of the journeys started so far, sorted. */
    public Set<String> journeyNames() {
        return new TreeSet<>(journeyNames);
    }

    /**
     * The second range of everything recorded: from the first request's second to the end of the
     * last one's, or empty when nothing was recorded.
     */
    public Optional<Range> recordedRange() {
        long from = first.get();
        long to = last.get();
        return from == Long.MAX_VALUE ? Optional.empty()
                : Optional.of(new Range(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to + 1)));
    }

    /** A time range {@code [start, end)}. */
    public record Range(Instant start, Instant end) {
    }

    /**
     * A 1-second query of a client metric: for all requests when {@code request} is {@code null},
     * else for that request name.
     */
    public static MetricQuery query(String metricName, String request, Statistic statistic) {
        Map<String, String> dims = request == null ? Map.of() : Map.of(REQUEST, request);
        return new MetricQuery(NAMESPACE, metricName, dims, statistic, SECOND);
    }

    /** The 1-second query of a journey's start count. */
    public static MetricQuery journeyQuery(String journey) {
        return new MetricQuery(NAMESPACE, JOURNEY_COUNT, Map.of(JOURNEY, journey), Statistic.SUM, SECOND);
    }

    /**
     * Every query {@code client.json} holds: the counts with {@code Sum} and the response time
     * with {@link #RESPONSE_TIME_STATISTICS}, for all requests and per request name, plus the
     * journey counts.
     */
    public List<MetricQuery> recordedQueries() {
        List<MetricQuery> queries = new ArrayList<>();
        List<String> dims = new ArrayList<>();
        dims.add(null);
        dims.addAll(requestNames());
        for (String request : dims) {
            for (String count : List.of(REQUEST_COUNT, OK_COUNT, KO_COUNT)) {
                queries.add(query(count, request, Statistic.SUM));
            }
            for (Statistic s : RESPONSE_TIME_STATISTICS) {
                queries.add(query(RESPONSE_TIME, request, s));
            }
        }
        journeyNames().forEach(j -> queries.add(journeyQuery(j)));
        queries.sort(Comparator.comparing(MetricQuery::label));
        return queries;
    }

    /** The per-second series of every recorded query over {@code [start, end)}. */
    public List<TimeSeries> series(Instant start, Instant end) {
        return fetchAll(recordedQueries(), start, end);
    }

    /** Writes {@code metrics/client.json} in core's recorded-metrics shape for {@code [start, end)}. */
    public void writeTo(Path file, Instant start, Instant end) {
        RecordedMetrics.write(file, series(start, end));
    }

    /**
     * Writes {@code metrics/client.json} with this recorder's per-second series and {@code extra}
     * client series (e.g. the whole-window aggregates the SLO evaluation fetched) in one file.
     * The per-second series are fetched over the union of {@code [start, end)} and the extras'
     * ranges, and an extra series asking the same query as one of them is left out:
     * {@link RecordedMetrics} merges the points of equal queries, so a duplicate would count
     * twice.
     */
    public void writeTo(Path file, Instant start, Instant end, List<TimeSeries> extra) {
        Instant from = start;
        Instant to = end;
        for (TimeSeries t : extra) {
            from = t.start() != null && t.start().isBefore(from) ? t.start() : from;
            to = t.end() != null && t.end().isAfter(to) ? t.end() : to;
        }
        List<TimeSeries> all = new ArrayList<>(series(from, to));
        Set<MetricQuery> mine = new HashSet<>();
        all.forEach(t -> mine.add(t.query()));
        extra.stream().filter(t -> !mine.contains(t.query())).forEach(all::add);
        RecordedMetrics.write(file, all);
    }

    /** Writes {@code metrics/client.json} over the whole {@link #recordedRange()}. */
    public void writeTo(Path file) {
        Range range = recordedRange().orElseGet(() -> new Range(Instant.now(), Instant.now()));
        writeTo(file, range.start(), range.end());
    }
}
