package dev.gameday.simulation.profile;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How many shoppers arrive, over time, in an open workload model: arrivals do not wait for the
 * shop, so a slow or failing shop meets the same offered load a real audience would bring
 * (no coordinated omission). A profile is a warm-up ramp followed by stages, each a constant or
 * linearly changing arrival rate in users per second, and a {@code maxDuration} after which the
 * run is cut short whatever is still in flight, so a run always ends.
 *
 * @param warmUp      a ramp from 0 to the first stage's rate before the stages ({@link Duration#ZERO} for none)
 * @param stages      the arrival stages, in order
 * @param maxDuration the hard end of the run, counted from its start (warm-up included)
 */
public record LoadProfile(Duration warmUp, List<Stage> stages, Duration maxDuration) {

    /** How long, after the last arrival, journeys in flight get to finish by default. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /**
     * One arrival stage: the rate goes linearly from {@code fromRate} to {@code toRate} users per
     * second over {@code duration} (constant when both are equal).
     *
     * @param fromRate users/s at the start of the stage
     * @param toRate   users/s at the end of the stage
     * @param duration how long the stage lasts
     */
    public record Stage(double fromRate, double toRate, Duration duration) {
        public Stage {
            requireRate(fromRate, "fromRate");
            requireRate(toRate, "toRate");
            requirePositive(duration, "stage duration");
        }

        /** Whether the rate is the same from start to end. */
        public boolean constant() {
            return fromRate == toRate;
        }

        /** The number of users this stage brings (the area under the rate). */
        public double expectedUsers() {
            return (fromRate + toRate) / 2 * duration.toNanos() / 1e9;
        }
    }

    public LoadProfile {
        Objects.requireNonNull(warmUp, "warmUp");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warmUp must not be negative, was " + warmUp);
        }
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a load profile needs at least one stage");
        }
        Duration injection = warmUp.plus(stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus));
        if (maxDuration.compareTo(injection) < 0) {
            throw new IllegalArgumentException("maxDuration " + maxDuration + " is shorter than the arrivals ("
                    + injection + "): the profile would be cut before it is played");
        }
    }

    /** A constant arrival rate for {@code duration}. */
    public static LoadProfile constant(double usersPerSecond, Duration duration) {
        return of(List.of(new Stage(usersPerSecond, usersPerSecond, duration)));
    }

    /** A linear ramp of the arrival rate from {@code from} to {@code to} users/s over {@code duration}. */
    public static LoadProfile ramp(double from, double to, Duration duration) {
        return of(List.of(new Stage(from, to, duration)));
    }

    /**
     * Steps: {@code steps} levels starting at {@code start} users/s and growing by
     * {@code increment}, each held for {@code stepDuration}.
     */
    public static LoadProfile steps(double start, double increment, int steps, Duration stepDuration) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, was " + steps);
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            double rate = start + i * increment;
            stages.add(new Stage(rate, rate, stepDuration));
        }
        return of(stages);
    }

    /**
     * A spike: {@code base} users/s for {@code total}, except {@code peak} users/s from
     * {@code at} for {@code spikeLength}.
     */
    public static LoadProfile spike(double base, double peak, Duration at, Duration spikeLength, Duration total) {
        requirePositive(spikeLength, "spikeLength");
        if (at.isNegative() || at.plus(spikeLength).compareTo(total) > 0) {
            throw new IllegalArgumentException("the spike (at " + at + " for " + spikeLength
                    + ") must fit in the total " + total);
        }
        List<Stage> stages = new ArrayList<>();
        if (at.compareTo(Duration.ZERO) > 0) {
            stages.add(new Stage(base, base, at));
        }
        stages.add(new Stage(peak, peak, spikeLength));
        Duration rest = total.minus(at).minus(spikeLength);
        if (rest.compareTo(Duration.ZERO) > 0) {
            stages.add(new Stage(base, base, rest));
        }
        return of(stages);
    }

    /** Stages as given, no warm-up, {@link #DEFAULT_GRACE} after the last arrival. */
    public static LoadProfile of(List<Stage> stages) {
        Duration injection = stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
        return new LoadProfile(Duration.ZERO, stages, injection.plus(DEFAULT_GRACE));
    }

    /**
     * The same profile preceded by a ramp from 0 to the first stage's rate; {@code maxDuration}
     * grows by the same amount.
     */
    public LoadProfile withWarmUp(Duration warmUp) {
        Duration delta = warmUp.minus(this.warmUp);
        return new LoadProfile(warmUp, stages, maxDuration.plus(delta));
    }

    /**
     * The same profile with every arrival rate multiplied by {@code share}: one injector's part of
     * a game day's traffic split over several ({@code share} = 1/N each, so the parts add up to
     * this profile).
     */
    public LoadProfile scaled(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        return new LoadProfile(warmUp, stages.stream()
                .map(s -> new Stage(s.fromRate() * share, s.toRate() * share, s.duration())).toList(), maxDuration);
    }

    /** The same profile with another hard end. */
    public LoadProfile withMaxDuration(Duration maxDuration) {
        return new LoadProfile(warmUp, stages, maxDuration);
    }

    /** The same profile with {@code grace} after the last arrival for journeys to finish. */
    public LoadProfile withGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        return withMaxDuration(injectionDuration().plus(grace));
    }

    /** How long arrivals last: warm-up plus stages. */
    public Duration injectionDuration() {
        return warmUp.plus(stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus));
    }

    /** Every stage actually played, the warm-up ramp first when there is one. */
    public List<Stage> playedStages() {
        List<Stage> played = new ArrayList<>();
        if (warmUp.compareTo(Duration.ZERO) > 0) {
            played.add(new Stage(0, stages.get(0).fromRate(), warmUp));
        }
        played.addAll(stages);
        return played;
    }

    /** The highest arrival rate of any stage, in users per second. */
    public double peakRate() {
        return stages.stream().mapToDouble(s -> Math.max(s.fromRate(), s.toRate())).max().orElse(0);
    }

    /** The number of users the profile brings if it is played to the end. */
    public double expectedUsers() {
        return playedStages().stream().mapToDouble(Stage::expectedUsers).sum();
    }

    /**
     * Builds a profile from a YAML-shaped map, e.g.
     * {@code {shape: constant, rate: 5, duration: PT2M, warmUp: PT30S, grace: PT20S}}.
     * Shapes and their keys: {@code constant} (rate, duration), {@code ramp} (from, to, duration),
     * {@code steps} (from, increment, steps, stepDuration), {@code spike} (rate, peak, at,
     * spikeDuration, duration). Optional for all: {@code warmUp}, {@code grace} or
     * {@code maxDuration}. Durations are ISO-8601 ({@code PT30S}) or a number with a unit
     * ({@code 30s}, {@code 2m}, {@code 500ms}).
     *
     * @throws IllegalArgumentException naming the field when a value is missing or malformed
     */
    public static LoadProfile fromMap(Map<String, ?> map) {
        String shape = String.valueOf(required(map, "shape")).toLowerCase(Locale.ROOT);
        LoadProfile profile = switch (shape) {
            case "constant" -> constant(number(map, "rate"), duration(map, "duration"));
            case "ramp" -> ramp(number(map, "from"), number(map, "to"), duration(map, "duration"));
            case "steps" -> steps(number(map, "from"), number(map, "increment"),
                    (int) number(map, "steps"), duration(map, "stepDuration"));
            case "spike" -> spike(number(map, "rate"), number(map, "peak"), duration(map, "at"),
                    duration(map, "spikeDuration"), duration(map, "duration"));
            default -> throw new IllegalArgumentException("load profile field 'shape': unknown shape '" + shape
                    + "', expected constant, ramp, steps or spike");
        };
        if (map.containsKey("warmUp")) {
            profile = profile.withWarmUp(duration(map, "warmUp"));
        }
        if (map.containsKey("grace")) {
            profile = profile.withGrace(duration(map, "grace"));
        }
        if (map.containsKey("maxDuration")) {
            profile = profile.withMaxDuration(duration(map, "maxDuration"));
        }
        return profile;
    }

    private static Object required(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("load profile field '" + key + "' is missing");
        }
        return value;
    }

    private static double number(Map<String, ?> map, String key) {
        Object value = required(map, key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("load profile field '" + key + "': '" + value + "' is not a number");
        }
    }

    private static Duration duration(Map<String, ?> map, String key) {
        Object value = required(map, key);
        if (value instanceof Duration d) {
            return d;
        }
        String text = value.toString().trim();
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("load profile field '" + key + "': '" + text
                    + "' is not a duration (e.g. PT30S, 30s, 2m, 500ms)");
        }
    }

    /** Parses {@code PT30S}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms} or bare seconds. */
    public static Duration parseDuration(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        char unit = t.charAt(t.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        }
        double amount = Double.parseDouble(t.substring(0, t.length() - 1).trim());
        return switch (unit) {
            case 's' -> Duration.ofMillis(Math.round(amount * 1000));
            case 'm' -> Duration.ofMillis(Math.round(amount * 60_000));
            case 'h' -> Duration.ofMillis(Math.round(amount * 3_600_000));
            default -> throw new IllegalArgumentException("unknown unit in " + text);
        };
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(name + " must be a finite rate >= 0 users/s, was " + rate);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(Duration.ZERO) <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
