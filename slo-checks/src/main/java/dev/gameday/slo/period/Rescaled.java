package dev.gameday.slo.period;

import dev.gameday.slo.phase.TimeRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PeriodRule} made of one SLO's window, period and streak: what to read and judge,
 * next to what was written, so the verdict can say how its evidence was coarsened.
 *
 * @param finest       the source's finest period
 * @param asked        the window as written (resolved from the run)
 * @param window       the window judged: {@code asked} on the source's grid
 * @param askedPeriod  the period as written (the window's length, the slice, or 1 s)
 * @param period       the period read
 * @param askedStreak  consecutive periods as written ({@code for:}); 0 when the SLO judges no streak
 * @param streak       consecutive periods of {@code period} judged; 0 when the SLO judges no streak
 */
public record Rescaled(Duration finest, TimeRange asked, TimeRange window, Duration askedPeriod, Duration period,
                       int askedStreak, int streak) {

    public Rescaled {
        Objects.requireNonNull(finest, "finest");
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(askedPeriod, "askedPeriod");
        Objects.requireNonNull(period, "period");
    }

    /** Whether the judged window, period or streak differs from the written one. */
    public boolean coarsened() {
        return !window.equals(asked) || !period.equals(askedPeriod)
                || period.toSeconds() * streak != askedPeriod.toSeconds() * askedStreak;
    }

    /**
     * For the evidence, when {@link #coarsened()}: e.g. {@code coarsened to the source's 60 s data:
     * judged over 12:00:00–12:02:00 for steady (12:00:10–12:01:10), 60 s slices for 10 s}; empty otherwise.
     */
    public String note() {
        if (!coarsened()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (!window.equals(asked)) {
            parts.add("judged over " + TimeRange.clock(window.start()) + "–" + TimeRange.clock(window.end())
                    + " for " + asked.describe());
        }
        boolean wholeWindow = askedPeriod.equals(asked.duration()) && period.equals(window.duration());
        if (!period.equals(askedPeriod) && !wholeWindow) {
            parts.add(period.toSeconds() + " s periods for " + askedPeriod.toSeconds() + " s");
        }
        if (askedStreak > 0 && period.toSeconds() * streak != askedPeriod.toSeconds() * askedStreak) {
            parts.add("held for " + streak + " × " + period.toSeconds() + " s for " + askedStreak + " × "
                    + askedPeriod.toSeconds() + " s");
        }
        return "coarsened to the source's " + finest.toSeconds() + " s data: " + String.join(", ", parts);
    }
}
