package dev.gameday.simulation.recorder;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.SecondCount;
import dev.gameday.core.metric.SecondSeries;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongFunction;

/**
 * The client-side metrics of a run, recorded request by request from inside the simulation
 * (Gatling 3.14 has no live-metrics writer), answered under CloudWatch-style names, namespace
 * {@value #NAMESPACE}:
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
 *
 * <p>What is kept is cheap to record and mergeable: per request name, one bucket per second the
 * requests were sent in, holding the OK and KO counts and an HdrHistogram of response times (whole
 * milliseconds). A request costs one lock of its bucket (uncontended unless two of Gatling's event
 * loops finish the same name in the same second), one counter increment and one
 * {@code recordValue} into a plain histogram; the statistics are computed when read. {@code client.json} keeps the
 * buckets too ({@link ClientMetrics}), so two injectors' files merge exactly.
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

    private final ConcurrentMap<String, RequestLine> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SecondSeries<SecondCount>> journeys = new ConcurrentHashMap<>();
    private final SecondBuckets buckets = new LiveBuckets();
    private volatile Listener listener;

    /**
     * Hears every sample as it is recorded: an injector streams its samples to the harness, whose
     * recorder, fed them all, answers the live figures of the whole game day.
     */
    public interface Listener {

        /** A request was recorded (its response time as the recorder keeps it, whole milliseconds). */
        void requestRecorded(String request, Instant sentAt, long responseMillis, boolean ok);

        /** A journey started. */
        void journeyStarted(String journey, Instant at);
    }

    /** A recorder holding the buckets of a {@code client.json} (several injectors' merged, say), to be read as the run's. */
    public static ClientRecorder of(ClientMetrics metrics) {
        ClientRecorder recorder = new ClientRecorder();
        recorder.add(metrics);
        return recorder;
    }

    /**
     * Adds buckets recorded elsewhere (a batch an injector sent): counts add up and histograms merge
     * exactly, as if every sample had been recorded here. The listener hears nothing of them.
     */
    public void add(ClientMetrics metrics) {
        for (RequestSecond r : metrics.requests()) {
            RequestLine line = requests.computeIfAbsent(r.request(), n -> new RequestLine());
            long second = r.second().getEpochSecond();
            PackedHistogram millis = ResponseTimes.decode(r.responseTime());
            Bucket bucket = line.bucket(second);
            while (!bucket.add(r.ok(), r.ko(), millis)) {
                bucket = line.reopen(second);
            }
        }
        for (JourneySecond j : metrics.journeys()) {
            addJourneys(j.journey(), j.second().getEpochSecond(), j.started());
        }
    }

    /** Sets the one listener told of every sample from now on ({@code null}: none). */
    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Records one request: when it was sent, how long it took, and whether Gatling counted it OK. */
    public void record(String request, Instant sentAt, Duration responseTime, boolean ok) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(responseTime, "responseTime");
        RequestLine line = requests.get(request);
        if (line == null) {
            line = requests.computeIfAbsent(request, n -> new RequestLine());
        }
        long millis = ResponseTimes.millis(responseTime);
        long second = sentAt.getEpochSecond();
        Bucket bucket = line.bucket(second);
        while (!bucket.record(millis, ok)) {
            bucket = line.reopen(second); // archived meanwhile: an answer two minutes late
        }
        Listener l = listener;
        if (l != null) {
            l.requestRecorded(request, sentAt, millis, ok);
        }
    }

    /** Records that a journey started. */
    public void journeyStarted(String journey, Instant at) {
        Objects.requireNonNull(journey, "journey");
        addJourneys(journey, at.getEpochSecond(), 1);
        Listener l = listener;
        if (l != null) {
            l.journeyStarted(journey, at);
        }
    }

    private void addJourneys(String journey, long second, long started) {
        SecondSeries<SecondCount> seconds = journeys.computeIfAbsent(journey,
                j -> new SecondSeries<>(ARCHIVE_AFTER_SECONDS, s -> new SecondCount(), SecondCount::read));
        SecondCount starts = seconds.slot(second);
        while (!starts.add(started)) {
            starts = seconds.reopen(second);
        }
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        return buckets.answer(query, start, end);
    }

    /** One query answered over a whole window (e.g. p99 over a phase), or {@code NaN} without data. */
    public double aggregateOver(MetricQuery query, Instant start, Instant end) {
        long seconds = Math.max(1, Duration.between(start, end).toSeconds());
        TimeSeries series = fetch(query.withPeriod(Duration.ofSeconds(seconds)), start, end);
        return series.isEmpty() ? Double.NaN : series.points().get(0).value();
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
        return new TreeSet<>(requests.keySet());
    }

    /** The names of the journeys started so far, sorted. */
    public Set<String> journeyNames() {
        return new TreeSet<>(journeys.keySet());
    }

    /**
     * The second range of everything recorded: from the first request's second to the end of the
     * last one's, or empty when nothing was recorded.
     */
    public Optional<Range> recordedRange() {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (RequestLine line : requests.values()) {
            OptionalLong first = line.seconds.firstSecond();
            OptionalLong last = line.seconds.lastSecond();
            if (first.isPresent() && last.isPresent()) {
                from = Math.min(from, first.getAsLong());
                to = Math.max(to, last.getAsLong());
            }
        }
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
        return buckets.recordedSeries(start, end);
    }

    /**
     * The buckets of {@code [start, end)} (whole seconds) as they stand: what {@code client.json}
     * keeps to be merged with another injector's.
     */
    public ClientMetrics snapshot(Instant start, Instant end) {
        return new ClientMetrics(requestSeconds(start, end), journeySeconds(start, end));
    }

    /** The request buckets of {@code [start, end)}, by name then second. */
    private List<RequestSecond> requestSeconds(Instant start, Instant end) {
        long from = start.getEpochSecond();
        long to = end.getEpochSecond();
        List<RequestSecond> seconds = new ArrayList<>();
        for (String name : requestNames()) {
            requests.get(name).seconds.range(from, to).values().forEach(bucket -> seconds.add(bucket.snapshot(name)));
        }
        return seconds;
    }

    /** The journey counts of {@code [start, end)}, by journey then second. */
    private List<JourneySecond> journeySeconds(Instant start, Instant end) {
        List<JourneySecond> started = new ArrayList<>();
        for (String journey : journeyNames()) {
            journeys.get(journey).range(start.getEpochSecond(), end.getEpochSecond()).forEach((second, count) ->
                    started.add(new JourneySecond(Instant.ofEpochSecond(second), journey, count.count())));
        }
        return started;
    }

    /**
     * Writes {@code metrics/client.json} for {@code [start, end)}: core's recorded-metrics series
     * and the per-second buckets ({@link ClientMetrics}).
     */
    public void writeTo(Path file, Instant start, Instant end) {
        ClientMetrics.write(file, series(start, end), requestSeconds(start, end), journeySeconds(start, end));
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
        ClientMetrics.write(file, all, requestSeconds(from, to), journeySeconds(from, to));
    }

    /** Writes {@code metrics/client.json} over the whole {@link #recordedRange()}. */
    public void writeTo(Path file) {
        Range range = recordedRange().orElseGet(() -> new Range(Instant.now(), Instant.now()));
        writeTo(file, range.start(), range.end());
    }

    /** The live buckets, as the queries read them. */
    private final class LiveBuckets implements SecondBuckets {

        @Override
        public Set<String> requestNames() {
            return ClientRecorder.this.requestNames();
        }

        @Override
        public Set<String> journeyNames() {
            return ClientRecorder.this.journeyNames();
        }

        @Override
        public void addTo(Tally tally, String request, long fromSecond, long toSecond) {
            if (request == null) {
                requests.values().forEach(line -> line.addTo(tally, fromSecond, toSecond));
            } else {
                RequestLine line = requests.get(request);
                if (line != null) {
                    line.addTo(tally, fromSecond, toSecond);
                }
            }
        }

        @Override
        public void addBySecond(String request, long fromSecond, long toSecond, LongFunction<Tally> tallyOf) {
            for (Map.Entry<String, RequestLine> line : requests.entrySet()) {
                if (request == null || request.equals(line.getKey())) {
                    line.getValue().seconds.range(fromSecond, toSecond).forEach((second, bucket) -> bucket.addTo(tallyOf.apply(second)));
                }
            }
        }

        @Override
        public long journeysStarted(String journey, long fromSecond, long toSecond) {
            SecondSeries<SecondCount> counts = journeys.get(journey);
            return counts == null ? 0 : counts.range(fromSecond, toSecond).values().stream().mapToLong(SecondCount::count).sum();
        }
    }

    /** How many minutes of every request name are archived (for tests). */
    long archivedMinutes() {
        return requests.values().stream().mapToLong(line -> line.seconds.archivedMinutes()).sum();
    }

    /**
     * How much older than a request name's newest second a minute must be before it is archived
     * ({@link SecondSeries}): older than any request still in flight (request timeouts are seconds
     * to tens of seconds), so it no longer changes — unless an injector's late batch merges into
     * it, which reopens it.
     */
    static final long ARCHIVE_AFTER_SECONDS = 120;

    /** The buckets of one request name, by second sent. */
    private static final class RequestLine {
        private final SecondSeries<Bucket> seconds = new SecondSeries<>(ARCHIVE_AFTER_SECONDS, Bucket::new, Bucket::read);
        // Nearly every request lands in the newest second: remembering it skips the map lookup
        // (and boxing the key). Written only under the line's lock.
        private volatile Bucket latest;

        Bucket bucket(long second) {
            Bucket bucket = latest;
            if (bucket != null && bucket.second == second) {
                return bucket;
            }
            synchronized (this) {
                bucket = seconds.slot(second);
                Bucket previous = latest;
                if (previous == null || previous.second < second) {
                    // The newest second records into a plain histogram; the one it replaces is
                    // packed, and its plain histogram serves the new second.
                    bucket.goLive(previous == null ? ResponseTimes.newLive() : previous.seal());
                    latest = bucket;
                }
                return bucket;
            }
        }

        /** The bucket of {@code second} after the one held refused a sample: archived meanwhile, read back. */
        Bucket reopen(long second) {
            return seconds.reopen(second);
        }

        void addTo(Tally tally, long fromSecond, long toSecond) {
            seconds.range(fromSecond, toSecond).values().forEach(bucket -> bucket.addTo(tally));
        }
    }

    /**
     * One second of one request name. A plain lock, not HdrHistogram's {@code Recorder}: a request
     * belongs to the second it was sent in and may finish a timeout later, so buckets cannot be
     * swapped out by reading time as a {@code Recorder}'s interval histograms are; and two event
     * loops rarely finish the same name in the same second, so the lock is almost never contended.
     *
     * <p>While it is the newest second of its name it records into a plain histogram (an array
     * increment per value); once a newer second starts it is sealed into a packed one, whose memory
     * grows with the values held rather than the range. Late answers (sent in an older second) are
     * recorded into the packed one. Two minutes on ({@link #ARCHIVE_AFTER_SECONDS}) its minute is
     * archived ({@link SecondSeries}): the counts and the histogram's plain encoding, deflated with
     * the minute's other seconds, so an hour-long run's heap stays flat. A bucket read back keeps
     * that encoding and decodes it when read.
     */
    private static final class Bucket implements SecondSeries.Slot {
        private final long second;
        private Histogram live;
        private PackedHistogram packed;
        /** The histogram as archived, in a bucket read back; set only while {@code live} and {@code packed} are null. */
        private byte[] encoded;
        private long ok;
        private long ko;
        private boolean archived;

        Bucket(long second) {
            this.second = second;
        }

        synchronized void goLive(Histogram histogram) {
            live = histogram;
        }

        /** Packs the histogram and hands back the live one, emptied, for the next second. */
        synchronized Histogram seal() {
            Histogram spare = live;
            if (spare == null) {
                return ResponseTimes.newLive();
            }
            packed = ResponseTimes.newRecording();
            packed.add(spare);
            live = null;
            spare.reset();
            return spare;
        }

        /** Records one request; {@code false} when this second was archived meanwhile (look it up again). */
        synchronized boolean record(long responseMillis, boolean isOk) {
            if (archived) {
                return false;
            }
            if (isOk) {
                ok++;
            } else {
                ko++;
            }
            histogram().recordValue(responseMillis);
            return true;
        }

        /**
         * Adds another recording of this second and name: counts add up, histograms merge exactly;
         * {@code false} when this second was archived meanwhile.
         */
        synchronized boolean add(long okCount, long koCount, AbstractHistogram millis) {
            if (archived) {
                return false;
            }
            ok += okCount;
            ko += koCount;
            histogram().add(millis);
            return true;
        }

        @Override
        public synchronized void archiveTo(DataOutput out) throws IOException {
            archived = true;
            out.writeLong(ok);
            out.writeLong(ko);
            byte[] histogram = encoded != null ? encoded : ResponseTimes.plain(histogram());
            out.writeInt(histogram.length);
            out.write(histogram);
        }

        static Bucket read(long second, DataInput in) throws IOException {
            Bucket bucket = new Bucket(second);
            bucket.ok = in.readLong();
            bucket.ko = in.readLong();
            bucket.encoded = new byte[in.readInt()];
            in.readFully(bucket.encoded);
            return bucket;
        }

        synchronized void addTo(Tally tally) {
            tally.add(ok, ko, encoded != null ? ResponseTimes.fromPlain(encoded) : histogram());
        }

        synchronized RequestSecond snapshot(String request) {
            AbstractHistogram histogram = encoded != null ? ResponseTimes.fromPlain(encoded) : histogram();
            return new RequestSecond(Instant.ofEpochSecond(second), request, ok, ko, ResponseTimes.encode(histogram));
        }

        /** The histogram to record into: one read back from the archive is decoded again (a late answer). */
        private AbstractHistogram histogram() {
            if (live != null) {
                return live;
            }
            if (packed == null) {
                packed = encoded != null ? ResponseTimes.fromPlain(encoded) : ResponseTimes.newRecording();
                encoded = null;
            }
            return packed;
        }
    }
}
