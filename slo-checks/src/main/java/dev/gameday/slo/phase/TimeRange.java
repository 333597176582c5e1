package dev.gameday.slo.phase;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A resolved window: {@code [start, end)} on whole seconds, with the label it was written as.
 * Whole seconds because recorded series have 1-second resolution and periods start on
 * {@code start}: a sub-second start would shift every period against the recorded points.
 *
 * @param start inclusive, on a whole second
 * @param end   exclusive, on a whole second, at least one second after {@code start}
 * @param label how the window reads in sentences, e.g. {@code steady}
 */
public record TimeRange(Instant start, Instant end, String label) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(label, "label");
        if (start.getNano() != 0 || end.getNano() != 0 || !end.isAfter(start)) {
            throw new IllegalArgumentException("a time range must be whole seconds and not empty: " + start + " – " + end);
        }
    }

    /**
     * The smallest whole-second range that covers {@code [from, to)}: start rounded down, end
     * rounded up, at least one second long.
     */
    public static TimeRange covering(Instant from, Instant to, String label) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        Instant end = to.truncatedTo(ChronoUnit.SECONDS);
        if (end.isBefore(to)) {
            end = end.plusSeconds(1);
        }
        if (!end.isAfter(start)) {
            end = start.plusSeconds(1);
        }
        return new TimeRange(start, end, label);
    }

    /** The length. */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /** The label with its clock times in UTC, e.g. {@code steady (12:00:10–12:00:30)}. */
    public String describe() {
        return label + " (" + clock(start) + "–" + clock(end) + ")";
    }

    /** An instant as {@code HH:mm:ss} UTC, as used in explanations. */
    public static String clock(Instant instant) {
        return CLOCK.format(instant);
    }
}
