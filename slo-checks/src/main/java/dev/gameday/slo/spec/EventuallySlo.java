package dev.gameday.slo.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Somewhere inside the window the SLI must be within a bound for {@code streak} consecutive
 * periods — "by the end of recovery, all six hosts are healthy again". Unlike {@link RecoverySlo}
 * it has no anchor and no deadline other than the window's end; it reports how long after the
 * window's start the streak began.
 *
 * @param name        unique name
 * @param description for people; may be empty
 * @param sli         the indicator, read per {@code period}
 * @param window      where the streak must occur
 * @param bound       {@code atLeast:} or {@code atMost:}
 * @param streak      how many consecutive periods must be within the bound ({@code for:})
 * @param period      the period length: 1 second
 */
public record EventuallySlo(String name, String description, MetricRef sli, Window window, Bound bound, int streak,
                            Duration period) implements Slo {

    public EventuallySlo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(period, "period");
        description = description == null ? "" : description;
        if (streak < 1) {
            throw new IllegalArgumentException("streak must be at least 1, was " + streak);
        }
    }

    @Override
    public EventuallySlo resolve(UnaryOperator<String> fill) {
        return new EventuallySlo(name, fill.apply(description), sli.resolve(fill), window, bound, streak, period);
    }

    @Override
    public String kind() {
        return "eventually";
    }
}
