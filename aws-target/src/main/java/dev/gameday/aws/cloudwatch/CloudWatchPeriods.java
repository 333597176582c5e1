package dev.gameday.aws.cloudwatch;

import java.time.Duration;

/**
 * The periods {@code GetMetricData} accepts: 1, 5, 10 or 30 seconds (high-resolution metrics) or
 * any multiple of 60 seconds. Our SLOs ask for other periods too (a threshold over a 20 s phase
 * reads one 20 s period), so the rule here is: <b>a period CloudWatch does not accept is rounded
 * up to the next one it does</b> — 2 s → 5 s, 20 s → 30 s, 45 s → 60 s, 80 s → 120 s. Rounding
 * up rather than down keeps one requested period inside one CloudWatch period (a window-long p99
 * stays one percentile over the window, not a mix of shorter ones); the price is a coarser grid,
 * which {@link CloudWatchMetricsSource} logs and reports in {@link CloudWatchMetricsSource#periodAdjustments()}.
 */
public final class CloudWatchPeriods {

    private static final long[] SUB_MINUTE = {1, 5, 10, 30};

    private CloudWatchPeriods() {
    }

    /** Whether CloudWatch accepts {@code period} as it is. */
    public static boolean isAccepted(Duration period) {
        long s = seconds(period);
        return s % 60 == 0 || s == 1 || s == 5 || s == 10 || s == 30;
    }

    /** The period CloudWatch will be asked for: {@code period} itself when accepted, else the next accepted one. */
    public static Duration accepted(Duration period) {
        long s = seconds(period);
        if (isAccepted(period)) {
            return period;
        }
        if (s < 60) {
            for (long candidate : SUB_MINUTE) {
                if (candidate >= s) {
                    return Duration.ofSeconds(candidate);
                }
            }
            return Duration.ofSeconds(60);
        }
        return Duration.ofSeconds((s / 60 + 1) * 60);
    }

    private static long seconds(Duration period) {
        if (period.isNegative() || period.isZero() || period.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("a period must be a positive whole number of seconds, was " + period);
        }
        return period.toSeconds();
    }
}
