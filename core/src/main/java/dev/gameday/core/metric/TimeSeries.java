package dev.gameday.core.metric;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The answer to one {@link MetricQuery} over a time range: data points in time order, one per
 * period that had data. Periods without data are absent, as in CloudWatch.
 *
 * @param query  what was asked
 * @param start  inclusive start of the range
 * @param end    exclusive end of the range
 * @param points the data points, ascending by timestamp
 */
public record TimeSeries(MetricQuery query, Instant start, Instant end, List<DataPoint> points) {

    public TimeSeries {
        Objects.requireNonNull(query, "query");
        points = List.copyOf(points);
    }

    /** Whether no period in the range had data. */
    public boolean isEmpty() {
        return points.isEmpty();
    }

    /** The last value, if any. */
    public OptionalDouble last() {
        return points.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(points.get(points.size() - 1).value());
    }

    /** The sum of all values (meaningful for {@code Sum} and {@code SampleCount} series). */
    public double sum() {
        return points.stream().mapToDouble(DataPoint::value).sum();
    }

    /** The largest value, if any. */
    public OptionalDouble max() {
        return points.stream().mapToDouble(DataPoint::value).max();
    }
}
