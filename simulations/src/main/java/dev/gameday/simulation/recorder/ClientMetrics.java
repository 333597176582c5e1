package dev.gameday.simulation.recorder;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;
import org.HdrHistogram.PackedHistogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mergeable content of {@code metrics/client.json}: per second and request name the OK and KO
 * counts and the response-time HdrHistogram, per second the journeys started. Two injectors'
 * files merge exactly ({@link #merge}), and the merged buckets answer every client query (a
 * {@link MetricsSource}) as one injector's recorder would have.
 *
 * <p>In the file this is the {@code perSecond} block, next to core's recorded-metrics
 * {@code series} (which readers of the series alone keep reading as before):
 * <pre>{"series": [...], "perSecond": {"responseTimeUnit": "milliseconds", "requests": [...], "journeys": [...]}}</pre>
 */
public final class ClientMetrics implements MetricsSource {

    /** The file shape of {@code client.json}. */
    record File(@JsonProperty("series") List<TimeSeries> series, @JsonProperty("perSecond") PerSecond perSecond) {
    }

    /** The {@code perSecond} block. */
    record PerSecond(@JsonProperty("responseTimeUnit") String responseTimeUnit,
                     @JsonProperty("requests") List<RequestSecond> requests,
                     @JsonProperty("journeys") List<JourneySecond> journeys) {
    }

    /**
     * One decoded bucket; its histogram is never changed once the index is built. {@code encoded}
     * is the text it was read from, kept so a bucket that merged with nothing is not re-encoded.
     */
    private record Bucket(long ok, long ko, PackedHistogram millis, String encoded) {
    }

    private final List<RequestSecond> requests;
    private final List<JourneySecond> journeys;
    private final Map<String, TreeMap<Long, Bucket>> index = new TreeMap<>();
    private final Map<String, TreeMap<Long, Long>> started = new TreeMap<>();
    private final SecondBuckets buckets = new FileBuckets();

    /**
     * The buckets given; two buckets of the same second and name add up (as do journey counts).
     *
     * @throws IllegalArgumentException when a histogram does not decode, or its count is not
     *                                  {@code ok + ko} (naming the bucket)
     */
    public ClientMetrics(List<RequestSecond> requests, List<JourneySecond> journeys) {
        for (int i = 0; i < requests.size(); i++) {
            RequestSecond r = requests.get(i);
            PackedHistogram millis;
            try {
                millis = ResponseTimes.decode(r.responseTime());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("requests[" + i + "].responseTime: " + e.getMessage(), e);
            }
            if (millis.getTotalCount() != r.ok() + r.ko() || r.ok() < 0 || r.ko() < 0) {
                throw new IllegalArgumentException("requests[" + i + "] (" + r.request() + " at " + r.second()
                        + "): ok " + r.ok() + " + ko " + r.ko() + " must be the histogram's count, " + millis.getTotalCount());
            }
            index.computeIfAbsent(r.request(), n -> new TreeMap<>())
                    .merge(r.second().getEpochSecond(), new Bucket(r.ok(), r.ko(), millis, r.responseTime()), ClientMetrics::add);
        }
        for (JourneySecond j : journeys) {
            started.computeIfAbsent(j.journey(), n -> new TreeMap<>()).merge(j.second().getEpochSecond(), j.started(), Long::sum);
        }
        this.requests = canonicalRequests();
        this.journeys = canonicalJourneys();
    }

    /** Reads the {@code perSecond} block of a {@code client.json}; errors name the file and the path. */
    public static ClientMetrics read(Path file) {
        JsonNode perSecond;
        PerSecond block;
        try {
            perSecond = Json.mapper().readTree(file.toFile()).get("perSecond");
            if (perSecond == null || perSecond.isNull()) {
                throw new IllegalArgumentException(file + ": no perSecond block (client.json written before the "
                        + "recorder kept histograms?)");
            }
            block = Json.mapper().treeToValue(perSecond, PerSecond.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read client metrics " + file + ": " + e.getMessage(), e);
        }
        if (!ResponseTimes.UNIT.equals(block.responseTimeUnit())) {
            throw new IllegalArgumentException(file + ": perSecond.responseTimeUnit must be " + ResponseTimes.UNIT
                    + ", was " + block.responseTimeUnit());
        }
        try {
            return new ClientMetrics(block.requests() == null ? List.of() : block.requests(),
                    block.journeys() == null ? List.of() : block.journeys());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": perSecond." + e.getMessage(), e);
        }
    }

    /**
     * Several injectors' buckets as one: counts add up and histograms merge exactly, so every
     * percentile is the one of the union of the samples.
     */
    public static ClientMetrics merge(ClientMetrics... parts) {
        List<RequestSecond> r = new ArrayList<>();
        List<JourneySecond> j = new ArrayList<>();
        for (ClientMetrics part : parts) {
            r.addAll(part.requests);
            j.addAll(part.journeys);
        }
        return new ClientMetrics(r, j);
    }

    /** The request buckets, one per second and name, by name then second. */
    public List<RequestSecond> requests() {
        return requests;
    }

    /** The journey counts, one per second and journey, by journey then second. */
    public List<JourneySecond> journeys() {
        return journeys;
    }

    /** The seconds covered, from the first bucket's to the end of the last one's; empty without buckets. */
    public Optional<ClientRecorder.Range> range() {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (TreeMap<Long, Bucket> seconds : index.values()) {
            from = Math.min(from, seconds.firstKey());
            to = Math.max(to, seconds.lastKey());
        }
        for (TreeMap<Long, Long> seconds : started.values()) {
            from = Math.min(from, seconds.firstKey());
            to = Math.max(to, seconds.lastKey());
        }
        return from == Long.MAX_VALUE ? Optional.empty()
                : Optional.of(new ClientRecorder.Range(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to + 1)));
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        return buckets.answer(query, start, end);
    }

    /** The per-second series a recorder writes, computed from these buckets over {@code [start, end)}. */
    public List<TimeSeries> series(Instant start, Instant end) {
        return buckets.recordedSeries(start, end);
    }

    /** Writes a {@code client.json} of these buckets, with the per-second series over their whole range. */
    public void writeTo(Path file) {
        ClientRecorder.Range range = range().orElseGet(() -> new ClientRecorder.Range(Instant.EPOCH, Instant.EPOCH));
        writeTo(file, series(range.start(), range.end()));
    }

    /** Writes a {@code client.json}: the given series (core's recorded-metrics shape) and these buckets. */
    void writeTo(Path file, List<TimeSeries> series) {
        write(file, series, requests, journeys);
    }

    /**
     * Writes a {@code client.json} of series and buckets as given (the recorder's own, which need
     * no decoding to be checked).
     */
    static void write(Path file, List<TimeSeries> series, List<RequestSecond> requests, List<JourneySecond> journeys) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(),
                    new File(series, new PerSecond(ResponseTimes.UNIT, requests, journeys)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client metrics " + file, e);
        }
    }

    /** The request names with buckets, sorted. */
    public Set<String> requestNames() {
        return new TreeSet<>(index.keySet());
    }

    /** The journeys with starts, sorted. */
    public Set<String> journeyNames() {
        return new TreeSet<>(started.keySet());
    }

    /** The decoded buckets, as the queries read them. */
    private final class FileBuckets implements SecondBuckets {

        @Override
        public Set<String> requestNames() {
            return ClientMetrics.this.requestNames();
        }

        @Override
        public Set<String> journeyNames() {
            return ClientMetrics.this.journeyNames();
        }

        @Override
        public void addTo(Tally tally, String request, long fromSecond, long toSecond) {
            for (Map.Entry<String, TreeMap<Long, Bucket>> line : index.entrySet()) {
                if (request == null || request.equals(line.getKey())) {
                    line.getValue().subMap(fromSecond, toSecond).values().forEach(b -> tally.add(b.ok(), b.ko(), b.millis()));
                }
            }
        }

        @Override
        public long journeysStarted(String journey, long fromSecond, long toSecond) {
            TreeMap<Long, Long> counts = started.get(journey);
            return counts == null ? 0 : counts.subMap(fromSecond, toSecond).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static Bucket add(Bucket a, Bucket b) {
        PackedHistogram sum = ResponseTimes.newRecording();
        sum.add(a.millis());
        sum.add(b.millis());
        return new Bucket(a.ok() + b.ok(), a.ko() + b.ko(), sum, null);
    }

    private List<RequestSecond> canonicalRequests() {
        List<RequestSecond> out = new ArrayList<>();
        index.forEach((name, seconds) -> seconds.forEach((second, b) ->
                out.add(new RequestSecond(Instant.ofEpochSecond(second), name, b.ok(), b.ko(),
                        b.encoded() != null ? b.encoded() : ResponseTimes.encode(b.millis())))));
        return List.copyOf(out);
    }

    private List<JourneySecond> canonicalJourneys() {
        List<JourneySecond> out = new ArrayList<>();
        started.forEach((journey, seconds) -> seconds.forEach((second, n) ->
                out.add(new JourneySecond(Instant.ofEpochSecond(second), journey, n))));
        out.sort(Comparator.comparing(JourneySecond::journey).thenComparing(JourneySecond::second));
        return List.copyOf(out);
    }
}
