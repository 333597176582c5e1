package dev.gameday.core.alarm;

import java.util.Arrays;

/** How a CloudWatch metric alarm compares a data point with its threshold, named as CloudWatch names it. */
public enum ComparisonOperator {

    /** {@code value >= threshold} breaches. */
    GreaterThanOrEqualToThreshold(">="),
    /** {@code value > threshold} breaches. */
    GreaterThanThreshold(">"),
    /** {@code value < threshold} breaches. */
    LessThanThreshold("<"),
    /** {@code value <= threshold} breaches. */
    LessThanOrEqualToThreshold("<=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** Whether {@code value} breaches {@code threshold}. */
    public boolean breaches(double value, double threshold) {
        return switch (this) {
            case GreaterThanOrEqualToThreshold -> value >= threshold;
            case GreaterThanThreshold -> value > threshold;
            case LessThanThreshold -> value < threshold;
            case LessThanOrEqualToThreshold -> value <= threshold;
        };
    }

    /** The breaching comparison for sentences, e.g. {@code >}. */
    public String symbol() {
        return symbol;
    }

    /** Parses CloudWatch's name. */
    public static ComparisonOperator of(String name) {
        return Arrays.stream(values()).filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown comparison operator '" + name + "'; expected one of "
                        + String.join(", ", Arrays.stream(values()).map(Enum::name).toList())));
    }
}
