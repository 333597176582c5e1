package dev.gameday.simulation.journey;

import dev.gameday.simulation.profile.LoadProfile;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How long a shopper pauses between two steps, drawn from a distribution — never a constant, so
 * the arrivals of requests do not fall into lockstep. Real think times are skewed: most pauses are
 * short, a few are long; {@link LogNormal} (the default) models that, {@link Exponential} is the
 * memoryless extreme, {@link Uniform} a bounded band.
 */
public sealed interface ThinkTime permits ThinkTime.Uniform, ThinkTime.LogNormal, ThinkTime.Exponential {

    /** One pause. */
    Duration next(RandomGenerator random);

    /** The mean pause (what the offered load per shopper depends on). */
    Duration mean();

    /** The {@code thinkTime:} map this distribution reads back from ({@link #fromMap}): how an injector's spec carries it. */
    Map<String, String> toMap();

    /**
     * The default: log-normal with a 2.5 s mean (that of the former uniform 1–4 s, so journeys
     * keep their average length) and a 1.5 s standard deviation, capped at 25 s.
     */
    static ThinkTime defaults() {
        return logNormal(Duration.ofMillis(2_500), Duration.ofMillis(1_500));
    }

    /** Uniform between {@code min} and {@code max}. */
    static ThinkTime between(Duration min, Duration max) {
        return new Uniform(min, max);
    }

    /** Log-normal with this mean and standard deviation, capped at ten times the mean. */
    static ThinkTime logNormal(Duration mean, Duration spread) {
        return new LogNormal(mean, spread, mean.multipliedBy(10));
    }

    /** Exponential with this mean, capped at ten times the mean. */
    static ThinkTime exponential(Duration mean) {
        return new Exponential(mean, mean.multipliedBy(10));
    }

    /**
     * Parses the {@code thinkTime:} map of a game day: {@code distribution} ({@code lognormal}
     * (default), {@code exponential}, {@code uniform}), then {@code mean} and {@code spread}
     * (lognormal; {@code spread} is the standard deviation, default 60 % of the mean),
     * {@code mean} (exponential), {@code min} and {@code max} (uniform); {@code max} also caps the
     * other two (default ten times the mean). Durations as {@code 2.5s}, {@code 800ms}, {@code PT2S}.
     *
     * @throws IllegalArgumentException naming the field, for an unknown field or a bad value
     */
    static ThinkTime fromMap(Map<String, ?> map) {
        String distribution = (map.containsKey("distribution") ? String.valueOf(map.get("distribution")) : "lognormal").toLowerCase(Locale.ROOT);
        Set<String> allowed = switch (distribution) {
            case "lognormal" -> Set.of("distribution", "mean", "spread", "max");
            case "exponential" -> Set.of("distribution", "mean", "max");
            case "uniform" -> Set.of("distribution", "min", "max");
            default -> throw new IllegalArgumentException("think time field 'distribution': unknown distribution '"
                    + distribution + "', expected lognormal, exponential or uniform");
        };
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("think time field '" + key + "' is not allowed for " + distribution
                        + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        try {
            return switch (distribution) {
                case "lognormal" -> {
                    Duration mean = duration(map, "mean", null);
                    Duration spread = duration(map, "spread", mean.multipliedBy(6).dividedBy(10));
                    yield new LogNormal(mean, spread, duration(map, "max", mean.multipliedBy(10)));
                }
                case "exponential" -> {
                    Duration mean = duration(map, "mean", null);
                    yield new Exponential(mean, duration(map, "max", mean.multipliedBy(10)));
                }
                default -> new Uniform(duration(map, "min", null), duration(map, "max", null));
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("think time field") ? e
                    : new IllegalArgumentException("think time: " + e.getMessage(), e);
        }
    }

    private static Duration duration(Map<String, ?> map, String key, Duration fallback) {
        Object value = map.get(key);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("think time field '" + key + "' is missing");
            }
            return fallback;
        }
        if (value instanceof Duration d) {
            return d;
        }
        String text = value.toString().trim();
        try {
            return LoadProfile.parseDuration(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("think time field '" + key + "': '" + text
                    + "' is not a duration (e.g. 2.5s, 800ms, PT2S)");
        }
    }

    /**
     * Uniform between {@code min} and {@code max}.
     *
     * @param min the shortest pause
     * @param max the longest pause (at least {@code min})
     */
    record Uniform(Duration min, Duration max) implements ThinkTime {

        public Uniform {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("think time needs 0 <= min <= max, was " + min + ".." + max);
            }
        }

        @Override
        public Duration next(RandomGenerator random) {
            long span = max.toNanos() - min.toNanos();
            return span == 0 ? min : min.plusNanos(random.nextLong(span + 1));
        }

        @Override
        public Duration mean() {
            return min.plus(max).dividedBy(2);
        }

        @Override
        public Map<String, String> toMap() {
            return Map.of("distribution", "uniform", "min", min.toString(), "max", max.toString());
        }
    }

    /**
     * Log-normal with the given mean and standard deviation (of the pause itself, not of its
     * logarithm): skewed, most pauses below the mean, a long tail — as measured think times are.
     *
     * @param mean   the mean pause (positive)
     * @param spread the standard deviation (positive)
     * @param max    draws above it are cut to it (at least the mean); it lowers the mean slightly
     */
    record LogNormal(Duration mean, Duration spread, Duration max) implements ThinkTime {

        public LogNormal {
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(spread, "spread");
            Objects.requireNonNull(max, "max");
            if (mean.isNegative() || mean.isZero()) {
                throw new IllegalArgumentException("mean must be positive, was " + mean);
            }
            if (spread.isNegative() || spread.isZero()) {
                throw new IllegalArgumentException("spread must be positive, was " + spread);
            }
            if (max.compareTo(mean) < 0) {
                throw new IllegalArgumentException("max must be at least the mean " + mean + ", was " + max);
            }
        }

        /** The standard deviation of the pause's logarithm. */
        double sigma() {
            double cv = (double) spread.toNanos() / mean.toNanos();
            return Math.sqrt(Math.log1p(cv * cv));
        }

        /** The mean of the pause's logarithm (nanoseconds). */
        double mu() {
            double sigma = sigma();
            return Math.log(mean.toNanos()) - sigma * sigma / 2;
        }

        @Override
        public Duration next(RandomGenerator random) {
            double nanos = Math.exp(mu() + sigma() * random.nextGaussian());
            return Duration.ofNanos(Math.min(max.toNanos(), Math.round(nanos)));
        }

        @Override
        public Map<String, String> toMap() {
            return Map.of("distribution", "lognormal", "mean", mean.toString(), "spread", spread.toString(),
                    "max", max.toString());
        }
    }

    /**
     * Exponential with the given mean: the memoryless case, many very short pauses.
     *
     * @param mean the mean pause (positive)
     * @param max  draws above it are cut to it (at least the mean)
     */
    record Exponential(Duration mean, Duration max) implements ThinkTime {

        public Exponential {
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(max, "max");
            if (mean.isNegative() || mean.isZero()) {
                throw new IllegalArgumentException("mean must be positive, was " + mean);
            }
            if (max.compareTo(mean) < 0) {
                throw new IllegalArgumentException("max must be at least the mean " + mean + ", was " + max);
            }
        }

        @Override
        public Duration next(RandomGenerator random) {
            return Duration.ofNanos(Math.min(max.toNanos(), Math.round(mean.toNanos() * random.nextExponential())));
        }

        @Override
        public Map<String, String> toMap() {
            return Map.of("distribution", "exponential", "mean", mean.toString(), "max", max.toString());
        }
    }
}
