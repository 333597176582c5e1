package dev.gameday.slo.spec;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How fast a window spends the error budget of a ratio SLO must stay below a limit: burn rate =
 * error rate ÷ (1 − objective). A fault window may burn faster than 1× — that is what budgets are
 * for — but not at a rate that would page (the SRE Workbook pages at 14.4×).
 *
 * @param name        unique name
 * @param description for people; may be empty
 * @param counted     the good (or bad) events
 * @param countsBad   whether {@code counted} are the bad events
 * @param valid       all events that count
 * @param window      the window
 * @param objective   the ratio objective whose budget is burned, in [0, 1)
 * @param maxBurnRate the highest acceptable burn rate, e.g. 14.4
 */
public record BurnRateSlo(String name, String description, MetricRef counted, boolean countsBad, MetricRef valid,
                          Window window, double objective, double maxBurnRate) implements Slo {

    public BurnRateSlo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(counted, "counted");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(window, "window");
        description = description == null ? "" : description;
        if (!(objective >= 0 && objective < 1)) {
            throw new IllegalArgumentException("objective must be in [0, 1) to leave a budget, was " + objective);
        }
        if (!(maxBurnRate > 0) || Double.isInfinite(maxBurnRate)) {
            throw new IllegalArgumentException("maxBurnRate must be a positive number, was " + maxBurnRate);
        }
    }

    @Override
    public BurnRateSlo resolve(UnaryOperator<String> fill) {
        return new BurnRateSlo(name, fill.apply(description), counted.resolve(fill), countsBad, valid.resolve(fill),
                window, objective, maxBurnRate);
    }

    @Override
    public String kind() {
        return "burn-rate";
    }
}
