package dev.gameday.core.metric;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudWatch statistic: {@code Sum}, {@code Average}, {@code Minimum}, {@code Maximum},
 * {@code SampleCount}, or a percentile {@code pNN} / {@code pNN.N}.
 *
 * @param name the statistic exactly as CloudWatch spells it
 */
public record Statistic(String name) {

    public static final Statistic SUM = new Statistic("Sum");
    public static final Statistic AVERAGE = new Statistic("Average");
    public static final Statistic MINIMUM = new Statistic("Minimum");
    public static final Statistic MAXIMUM = new Statistic("Maximum");
    public static final Statistic SAMPLE_COUNT = new Statistic("SampleCount");

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,3})?|100)");

    public Statistic {
        if (name == null || !(name.equals("Sum") || name.equals("Average") || name.equals("Minimum")
                || name.equals("Maximum") || name.equals("SampleCount") || PERCENTILE.matcher(name).matches())) {
            throw new IllegalArgumentException("unknown statistic '" + name
                    + "': expected Sum, Average, Minimum, Maximum, SampleCount or pNN (e.g. p99, p99.9)");
        }
    }

    /** Parses a statistic name, rejecting anything CloudWatch would not accept. */
    @JsonCreator
    public static Statistic of(String name) {
        return new Statistic(name);
    }

    @JsonValue
    @Override
    public String name() {
        return name;
    }

    /** Whether this is a percentile ({@code pNN}). */
    public boolean isPercentile() {
        return name.startsWith("p");
    }

    /** The percentile as a number in [0, 100]; only for percentiles. */
    public double percentile() {
        Matcher m = PERCENTILE.matcher(name);
        if (!m.matches()) {
            throw new IllegalStateException(name + " is not a percentile");
        }
        return Double.parseDouble(m.group(1));
    }

    @Override
    public String toString() {
        return name;
    }
}
