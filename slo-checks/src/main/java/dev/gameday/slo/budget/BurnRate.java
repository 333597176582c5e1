package dev.gameday.slo.budget;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Error-budget arithmetic from the SRE Workbook: the budget is {@code 1 - objective}, the burn
 * rate is the error rate divided by the budget, and a burn rate sustained over a window consumes
 * {@code rate × window ÷ budget period} of the budget. Pure functions, no state.
 */
public final class BurnRate {

    /** The budget period the Workbook's alerting table assumes. */
    public static final Duration THIRTY_DAYS = Duration.ofDays(30);

    /**
     * One row of the multi-window alerting table: alert when the burn rate exceeds
     * {@code burnRate} over both the long and the short window.
     *
     * @param burnRate       the threshold, e.g. 14.4
     * @param longWindow     e.g. 1 h
     * @param shortWindow    e.g. 5 m (one twelfth of the long window)
     * @param budgetConsumed the share of the budget consumed over the long window at that rate, e.g. 0.02
     * @param action         {@code page} or {@code ticket}
     */
    public record AlertWindow(double burnRate, Duration longWindow, Duration shortWindow, double budgetConsumed,
                              String action) {
        public AlertWindow {
            Objects.requireNonNull(longWindow, "longWindow");
            Objects.requireNonNull(shortWindow, "shortWindow");
            Objects.requireNonNull(action, "action");
        }
    }

    private BurnRate() {
    }

    /** The error budget: {@code 1 - objective}. */
    public static double errorBudget(double objective) {
        if (!(objective >= 0 && objective < 1)) {
            throw new IllegalArgumentException("objective must be in [0, 1) to leave a budget, was " + objective);
        }
        return 1 - objective;
    }

    /** How many times faster than sustainable the budget burns: {@code errorRate ÷ (1 - objective)}. */
    public static double burnRate(double errorRate, double objective) {
        return errorRate / errorBudget(objective);
    }

    /** The share of a budget period's budget that {@code burnRate} sustained over {@code window} consumes. */
    public static double budgetConsumed(double burnRate, Duration window, Duration budgetPeriod) {
        return burnRate * seconds(window) / seconds(budgetPeriod);
    }

    /** The burn rate that consumes {@code budgetShare} of the budget over {@code window}. */
    public static double burnRateFor(double budgetShare, Duration window, Duration budgetPeriod) {
        return budgetShare * seconds(budgetPeriod) / seconds(window);
    }

    /**
     * The Workbook's table for a 30-day budget: page at 14.4× over 1 h and 5 m (2 %), page at 6×
     * over 6 h and 30 m (5 %), ticket at 1× over 3 d and 6 h (10 %).
     */
    public static List<AlertWindow> workbookAlerts() {
        return List.of(
                alert(0.02, Duration.ofHours(1), Duration.ofMinutes(5), "page"),
                alert(0.05, Duration.ofHours(6), Duration.ofMinutes(30), "page"),
                alert(0.10, Duration.ofDays(3), Duration.ofHours(6), "ticket"));
    }

    private static AlertWindow alert(double share, Duration longWindow, Duration shortWindow, String action) {
        return new AlertWindow(burnRateFor(share, longWindow, THIRTY_DAYS), longWindow, shortWindow, share, action);
    }

    private static double seconds(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + d);
        }
        return d.toMillis() / 1000.0;
    }
}
