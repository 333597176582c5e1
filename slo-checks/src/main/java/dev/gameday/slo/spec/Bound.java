package dev.gameday.slo.spec;

import java.util.Locale;
import java.util.Objects;

/**
 * A one-sided limit on a value: {@code max:}/{@code atMost:} or {@code min:}/{@code atLeast:}.
 *
 * @param direction whether values must stay at most or at least {@code limit}
 * @param limit     in the metric's own unit
 */
public record Bound(Direction direction, double limit) {

    /** Which side of the limit is good. */
    public enum Direction {
        AT_MOST("≤", ">"), AT_LEAST("≥", "<");

        private final String ok;
        private final String breach;

        Direction(String ok, String breach) {
            this.ok = ok;
            this.breach = breach;
        }

        /** The symbol that reads "within the bound", e.g. {@code ≤}. */
        public String okSymbol() {
            return ok;
        }

        /** The symbol that reads "outside the bound", e.g. {@code >}. */
        public String breachSymbol() {
            return breach;
        }
    }

    public Bound {
        Objects.requireNonNull(direction, "direction");
        if (Double.isNaN(limit) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("limit must be a finite number, was " + limit);
        }
    }

    /** An upper limit. */
    public static Bound atMost(double limit) {
        return new Bound(Direction.AT_MOST, limit);
    }

    /** A lower limit. */
    public static Bound atLeast(double limit) {
        return new Bound(Direction.AT_LEAST, limit);
    }

    /** Whether {@code value} is within the bound (a NaN is not). */
    public boolean isMet(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        return direction == Direction.AT_MOST ? value <= limit : value >= limit;
    }

    /** The bound for people, e.g. {@code ≤ 0.500 s}. */
    public String describe(String unit) {
        return direction.okSymbol() + " " + formatValue(limit, unit);
    }

    /**
     * A value for people: three decimals for values with a unit (seconds), whole numbers as
     * such, otherwise three decimals.
     */
    public static String formatValue(double value, String unit) {
        if (Double.isNaN(value)) {
            return "no data";
        }
        String number = unit.isEmpty() && value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
