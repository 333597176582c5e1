package dev.gameday.simulation.journey;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a shopper pauses between two steps: uniformly between {@code min} and {@code max},
 * never a constant, so arrivals of requests do not fall into lockstep.
 *
 * @param min the shortest pause
 * @param max the longest pause (at least {@code min})
 */
public record ThinkTime(Duration min, Duration max) {

    public ThinkTime {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("think time needs 0 <= min <= max, was " + min + ".." + max);
        }
    }

    /** A human-like default: 1–4 s between pages. */
    public static ThinkTime defaults() {
        return new ThinkTime(Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    /** Between {@code min} and {@code max}. */
    public static ThinkTime between(Duration min, Duration max) {
        return new ThinkTime(min, max);
    }
}
