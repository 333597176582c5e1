package dev.gameday.report.trend;

import java.util.Locale;

/**
 * How much worse a value may get between two runs before it is a regression: worse by more than
 * {@code relative} × |baseline| <b>and</b> more than {@code absolute} (e.g. recovery: +20 % and
 * +2 s, so a 1 s recovery growing to 2 s is noise, a 10 s one growing to 13 s is not).
 *
 * @param relative a fraction of the baseline (0.2 = 20 %); 0 for none
 * @param absolute in the value's unit (seconds, a ratio's fraction); 0 for none
 */
public record Tolerance(double relative, double absolute) {

    /** Recovery-like seconds (recovery and eventually SLOs, milestones): +20 % and +2 s. */
    public static final Tolerance SECONDS = new Tolerance(0.2, 2);
    /** A ratio (availability): 0.1 percentage point. */
    public static final Tolerance RATIO = new Tolerance(0, 0.001);
    /** A threshold's statistic or a burn rate: +20 %. */
    public static final Tolerance RELATIVE = new Tolerance(0.2, 0);

    public Tolerance {
        if (relative < 0 || absolute < 0 || Double.isNaN(relative) || Double.isNaN(absolute)) {
            throw new IllegalArgumentException("a tolerance is not negative: " + relative + ", " + absolute);
        }
    }

    /**
     * Parses {@code 20%}, {@code 2s}, {@code 0.001} or both joined by {@code +} ({@code 20%+2s}).
     *
     * @throws IllegalArgumentException naming the text when it is none of those
     */
    public static Tolerance parse(String text) {
        double relative = 0;
        double absolute = 0;
        for (String part : text.trim().split("\\+")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            try {
                if (p.endsWith("%")) {
                    relative = Double.parseDouble(p.substring(0, p.length() - 1).trim()) / 100;
                } else if (p.endsWith("s")) {
                    absolute = Double.parseDouble(p.substring(0, p.length() - 1).trim());
                } else {
                    absolute = Double.parseDouble(p);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tolerance '" + text + "': expected 20%, 2s, 0.001 or 20%+2s");
            }
        }
        return new Tolerance(relative, absolute);
    }

    /** Whether getting worse by {@code worseBy} (positive = worse) from {@code baseline} exceeds this. */
    public boolean exceededBy(double baseline, double worseBy) {
        return worseBy > 0 && worseBy > relative * Math.abs(baseline) && worseBy > absolute;
    }

    @Override
    public String toString() {
        String rel = relative > 0 ? String.format(Locale.ROOT, "%.0f%%", relative * 100) : "";
        String abs = absolute > 0 ? String.format(Locale.ROOT, "%s", absolute) : "";
        return rel.isEmpty() ? (abs.isEmpty() ? "0" : abs) : abs.isEmpty() ? rel : rel + "+" + abs;
    }
}
