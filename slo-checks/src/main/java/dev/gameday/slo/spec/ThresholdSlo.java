package dev.gameday.slo.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A statistic must stay within a bound. Without {@code per} the statistic is taken over the whole
 * window as one period (a p99 over the steady phase is exact, not a maximum of per-second p99s);
 * with {@code per} the window is cut into slices of that length and at most
 * {@code allowedBadSlices} of the slices with data may breach.
 *
 * @param name             unique name
 * @param description      for people; may be empty
 * @param metric           the metric and statistic
 * @param window           the window
 * @param bound            {@code max:} or {@code min:}
 * @param per              the slice length (whole seconds), or {@code null} to judge the window as a whole
 * @param allowedBadSlices the fraction of slices allowed to breach, in [0, 1]; 0 without {@code per}
 */
public record ThresholdSlo(String name, String description, MetricRef metric, Window window, Bound bound,
                           Duration per, double allowedBadSlices) implements Slo {

    public ThresholdSlo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(bound, "bound");
        description = description == null ? "" : description;
        if (per != null && (per.toMillis() < 1000 || per.toMillis() % 1000 != 0)) {
            throw new IllegalArgumentException("per must be whole seconds, was " + per);
        }
        if (!(allowedBadSlices >= 0 && allowedBadSlices <= 1)) {
            throw new IllegalArgumentException("allowedBadSlices must be in [0, 1], was " + allowedBadSlices);
        }
    }

    /** Whether the SLO is judged slice by slice rather than over the window as a whole. */
    public boolean perSlice() {
        return per != null;
    }

    @Override
    public ThresholdSlo resolve(UnaryOperator<String> fill) {
        return new ThresholdSlo(name, fill.apply(description), metric.resolve(fill), window, bound, per, allowedBadSlices);
    }

    @Override
    public String kind() {
        return "threshold";
    }
}
