package dev.gameday.slo.spec;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The share of good events among valid ones over a window must reach an objective:
 * {@code good/valid}, or {@code 1 - bad/valid} when the SLO counts bad events. Both series are
 * read with {@code Sum} over the whole window as one period.
 *
 * @param name        unique name
 * @param description for people; may be empty
 * @param counted     the good (or bad) events
 * @param countsBad   whether {@code counted} are the bad events ({@code bad:}) rather than good ones
 * @param valid       all events that count
 * @param window      the window
 * @param objective   the fraction in [0, 1] the ratio must reach, e.g. 0.99
 */
public record RatioSlo(String name, String description, MetricRef counted, boolean countsBad, MetricRef valid,
                       Window window, double objective) implements Slo {

    public RatioSlo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(counted, "counted");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(window, "window");
        description = description == null ? "" : description;
        if (!(objective >= 0 && objective <= 1)) {
            throw new IllegalArgumentException("objective must be in [0, 1], was " + objective);
        }
    }

    @Override
    public RatioSlo resolve(UnaryOperator<String> fill) {
        return new RatioSlo(name, fill.apply(description), counted.resolve(fill), countsBad, valid.resolve(fill), window,
                objective);
    }

    @Override
    public String kind() {
        return "ratio";
    }
}
