package dev.gameday.core.metric;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gameday.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The series a run recorded ({@code metrics/server.json}, {@code metrics/client.json}), read back
 * as a {@link MetricsSource}. Evaluating SLOs from these files, not from the live platform, is
 * what makes a verdict reproducible from the run directory alone.
 */
public final class RecordedMetrics implements MetricsSource {

    /** The file shape: a list of series, each with the query that produced it. */
    public record File(@JsonProperty("series") List<TimeSeries> series) {
        public File {
            series = series == null ? List.of() : List.copyOf(series);
        }
    }

    private final List<TimeSeries> series;

    public RecordedMetrics(List<TimeSeries> series) {
        this.series = List.copyOf(series);
    }

    /** Reads a recorded-metrics file; a missing file reads as no series. */
    public static RecordedMetrics read(Path file) {
        if (!Files.exists(file)) {
            return new RecordedMetrics(List.of());
        }
        try {
            return new RecordedMetrics(Json.mapper().readValue(file.toFile(), File.class).series());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recorded metrics " + file, e);
        }
    }

    /** Writes series in the recorded-metrics shape (pretty-printed, stable order as given). */
    public static void write(Path file, List<TimeSeries> series) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new File(series));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recorded metrics " + file, e);
        }
    }

    /** Every recorded series. */
    public List<TimeSeries> series() {
        return series;
    }

    /**
     * The recorded points of {@code query} within {@code [start, end)}.
     *
     * @throws IllegalArgumentException when the run never recorded that query
     */
    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        // Periods start on whole seconds (as MetricStore aligns them), so a sub-second start
        // must not drop the period it falls in.
        Instant from = start.truncatedTo(ChronoUnit.SECONDS);
        // The same query may have been recorded twice over overlapping ranges (an SLO's series and
        // the dashboard's): one point per period, or sums would count it twice.
        TreeMap<Instant, DataPoint> points = new TreeMap<>();
        boolean found = false;
        for (TimeSeries recorded : series) {
            if (recorded.query().equals(query)) {
                found = true;
                for (DataPoint p : recorded.points()) {
                    if (!p.timestamp().isBefore(from) && p.timestamp().isBefore(end)) {
                        points.putIfAbsent(p.timestamp(), p);
                    }
                }
            }
        }
        if (!found) {
            return reaggregated(query, from, end)
                    .orElseThrow(() -> new IllegalArgumentException("the run did not record " + query.label()));
        }
        return new TimeSeries(query, start, end, new ArrayList<>(points.values()));
    }

    /**
     * A query the run did not record, answered exactly from a recorded 1-second series of the same
     * metric when its statistic composes ({@code Sum}, {@code SampleCount}, {@code Minimum},
     * {@code Maximum}): periods of the query's length from {@code from}, as CloudWatch aligns them
     * to the start time. Averages and percentiles do not compose, so they stay unanswered. This is
     * what lets a recorded run be judged against SLOs with other windows ({@code gameday judge}).
     */
    private java.util.Optional<TimeSeries> reaggregated(MetricQuery query, Instant from, Instant end) {
        String statistic = query.statistic().name();
        if (!List.of("Sum", "SampleCount", "Minimum", "Maximum").contains(statistic)) {
            return java.util.Optional.empty();
        }
        MetricQuery perSecond = query.withPeriod(java.time.Duration.ofSeconds(1));
        TreeMap<Instant, Double> seconds = new TreeMap<>();
        boolean found = false;
        for (TimeSeries recorded : series) {
            if (recorded.query().equals(perSecond)) {
                found = true;
                recorded.points().forEach(p -> seconds.putIfAbsent(p.timestamp(), p.value()));
            }
        }
        if (!found) {
            return java.util.Optional.empty();
        }
        long period = query.period().toSeconds();
        TreeMap<Instant, Double> buckets = new TreeMap<>();
        seconds.subMap(from, end).forEach((t, v) -> {
            Instant bucket = from.plusSeconds((t.getEpochSecond() - from.getEpochSecond()) / period * period);
            buckets.merge(bucket, v, switch (statistic) {
                case "Minimum" -> Math::min;
                case "Maximum" -> Math::max;
                default -> Double::sum;
            });
        });
        List<DataPoint> points = new ArrayList<>();
        buckets.forEach((t, v) -> points.add(new DataPoint(t, v)));
        return java.util.Optional.of(new TimeSeries(query, from, end, points));
    }
}
