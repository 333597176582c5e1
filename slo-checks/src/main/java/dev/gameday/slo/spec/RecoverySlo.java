package dev.gameday.slo.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * After a disruption the SLI must come back within a bound, and stay there for {@code streak}
 * consecutive periods, no later than {@code objective} after the anchor. The measured recovery
 * time runs from the anchor to the first period of that streak, counted only after the SLI has
 * first left the bound following the anchor (a disruption that never shows is recovery time 0).
 *
 * @param name        unique name
 * @param description for people; may be empty
 * @param anchor      where the clock starts
 * @param sli         the indicator, read per {@code period}
 * @param bound       {@code atLeast:} or {@code atMost:}
 * @param streak      how many consecutive periods must be within the bound ({@code for:})
 * @param period      the period length: 1 second
 * @param objective   the longest acceptable time from anchor to recovery
 */
public record RecoverySlo(String name, String description, Anchor anchor, MetricRef sli, Bound bound, int streak,
                          Duration period, Duration objective) implements Slo {

    public RecoverySlo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(objective, "objective");
        description = description == null ? "" : description;
        if (streak < 1) {
            throw new IllegalArgumentException("streak must be at least 1, was " + streak);
        }
    }

    @Override
    public RecoverySlo resolve(UnaryOperator<String> fill) {
        return new RecoverySlo(name, fill.apply(description), anchor, sli.resolve(fill), bound, streak, period, objective);
    }

    @Override
    public String kind() {
        return "recovery";
    }
}
