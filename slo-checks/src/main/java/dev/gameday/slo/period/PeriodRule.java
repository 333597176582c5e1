package dev.gameday.slo.period;

import dev.gameday.slo.phase.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How an SLO written against 1-second series is judged on a source whose finest data is coarser
 * (CloudWatch keeps {@code AWS/*} metrics per 60 s). With {@code P} the source's finest period:
 * <ol>
 *   <li><b>Windows</b> become the periods covering them on the source's grid: start rounded down
 *       and end rounded up to multiples of {@code P} since the epoch (CloudWatch aligns minute
 *       data to the minute). No second of the window goes unjudged; a window shorter than one
 *       period is judged on the one or two periods that cover it.</li>
 *   <li><b>Periods and slices</b> are rounded up to whole multiples of {@code P}; the share of
 *       slices allowed to breach stays the same (it is a share of time, which does not depend on
 *       the slice length).</li>
 *   <li><b>Streaks</b> ({@code for: N} periods) keep their length in time: {@code ⌈N × period ÷ P⌉}
 *       periods of {@code P}, at least one.</li>
 * </ol>
 * With {@code P = 1 s} nothing changes. Whenever something did, the result says so
 * ({@link Rescaled#coarsened()}) and the verdict's evidence carries {@link Rescaled#note()}:
 * a verdict on coarser data than written is never passed off as the written one.
 *
 * @param finest the source's finest period for the metric, whole seconds, at least 1 s
 */
public record PeriodRule(Duration finest) {

    /** The rule of a source with 1-second data (local platform, client recorder): everything as written. */
    public static final PeriodRule ONE_SECOND = new PeriodRule(Duration.ofSeconds(1));

    public PeriodRule {
        Objects.requireNonNull(finest, "finest");
        if (finest.toMillis() < 1000 || finest.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("a finest period must be whole seconds >= 1, was " + finest);
        }
    }

    /** The rule of a source whose finest period is {@code seconds}. */
    public static PeriodRule ofSeconds(long seconds) {
        return new PeriodRule(Duration.ofSeconds(seconds));
    }

    /** The coarser of two rules: both series of a ratio must be read on the same grid. */
    public PeriodRule coarser(PeriodRule other) {
        return other.finest.compareTo(finest) > 0 ? other : this;
    }

    /** The window as one period (ratio, burn rate, whole-window threshold). */
    public Rescaled wholeWindow(TimeRange asked) {
        TimeRange window = cover(asked);
        return new Rescaled(finest, asked, window, asked.duration(), window.duration(), 0, 0);
    }

    /** The window cut into slices of {@code per} (threshold with {@code per}). */
    public Rescaled slices(TimeRange asked, Duration per) {
        return new Rescaled(finest, asked, cover(asked), per, roundUp(per), 0, 0);
    }

    /**
     * The window read per {@code period}, judged on streaks of {@code streak} consecutive periods
     * (recovery, eventually).
     */
    public Rescaled streaks(TimeRange asked, Duration period, int streak) {
        if (streak < 1) {
            throw new IllegalArgumentException("a streak is at least 1 period, was " + streak);
        }
        Duration rounded = roundUp(period);
        long askedSeconds = period.toSeconds() * streak;
        int periods = (int) Math.max(1, (askedSeconds + rounded.toSeconds() - 1) / rounded.toSeconds());
        return new Rescaled(finest, asked, cover(asked), period, rounded, streak, periods);
    }

    /** A length rounded up to a whole number of finest periods. */
    public Duration roundUp(Duration length) {
        long p = finest.toSeconds();
        long s = Math.max(1, (length.toMillis() + 999) / 1000);
        return Duration.ofSeconds((s + p - 1) / p * p);
    }

    /** The smallest range on the source's grid that covers {@code asked}. */
    public TimeRange cover(TimeRange asked) {
        long p = finest.toSeconds();
        long start = Math.floorDiv(asked.start().getEpochSecond(), p) * p;
        long end = Math.floorDiv(asked.end().getEpochSecond() + p - 1, p) * p;
        return new TimeRange(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), asked.label());
    }
}
