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
            throw new IllegalArgumentException("the run did not record " + query.label());
        }
        return new TimeSeries(query, start, end, new ArrayList<>(points.values()));
    }
}
