package dev.gameday.platform.autoscaling;

import java.time.Duration;
import java.util.Objects;

/**
 * A target-tracking scaling policy on the shop service, with Application Auto Scaling's semantics
 * for ECS: keep {@code metric} near {@code targetValue} by changing the service's desired count
 * between {@code minCapacity} and {@code maxCapacity}.
 *
 * <p>As on AWS, two alarms drive it: scale out when the last {@code scaleOutDatapoints} periods
 * were all above the target (AWS: 3 of 1 minute), scale in when the last {@code scaleInDatapoints}
 * were all below 90 % of it (AWS: 15 of 1 minute) — out fast, in slowly. A period without data
 * is insufficient data and never scales in. AWS's 60-second period and 300-second cooldowns are
 * scaled down by default (5 s and 25 s, the same factor of 12) so a local game day sees a whole
 * scaling cycle in minutes.
 *
 * @param metric             what is tracked
 * @param targetValue        the value to keep the metric at: requests per target per {@code period}
 *                           for {@link ScalingMetric#ALB_REQUEST_COUNT_PER_TARGET} (AWS: per minute), percent for CPU
 * @param minCapacity        fewest tasks (at least 1: with no target there is no metric to scale out on)
 * @param maxCapacity        most tasks
 * @param scaleOutCooldown   after a scale-out, further scale-outs only add what the initiating one did not
 *                           cover, and scale-in waits (AWS default 300 s; local default 25 s)
 * @param scaleInCooldown    after a scale-in, no further scale-in (AWS default 300 s; local default 25 s);
 *                           a scale-out is not held back by it
 * @param period             the alarms' evaluation period (AWS: 60 s; local default 5 s), whole seconds
 * @param scaleOutDatapoints consecutive periods above target before scaling out (AWS: 3)
 * @param scaleInDatapoints  consecutive periods below 90 % of target before scaling in (AWS: 15)
 */
public record AutoscalingPolicy(ScalingMetric metric, double targetValue, int minCapacity, int maxCapacity,
                                Duration scaleOutCooldown, Duration scaleInCooldown, Duration period,
                                int scaleOutDatapoints, int scaleInDatapoints) {

    /** The share of the target under which the scale-in alarm counts a period as low (AWS's target tracking: 90 %). */
    public static final double SCALE_IN_THRESHOLD = 0.9;
    /** The local evaluation period by default: AWS's 60 s divided by 12. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
    /** The local cooldowns by default: AWS's 300 s divided by 12. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(25);

    public AutoscalingPolicy {
        Objects.requireNonNull(metric, "metric");
        if (!(targetValue > 0) || Double.isInfinite(targetValue)) {
            throw new IllegalArgumentException("targetValue must be a positive number, was " + targetValue);
        }
        if (minCapacity < 1) {
            throw new IllegalArgumentException("minCapacity must be at least 1 (with no task there is no metric to"
                    + " scale out on), was " + minCapacity);
        }
        if (maxCapacity < minCapacity) {
            throw new IllegalArgumentException("maxCapacity (" + maxCapacity + ") must be at least minCapacity ("
                    + minCapacity + ")");
        }
        requireNotNegative("scaleOutCooldown", scaleOutCooldown);
        requireNotNegative("scaleInCooldown", scaleInCooldown);
        Objects.requireNonNull(period, "period");
        if (period.toMillis() < 1000 || period.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("period must be whole seconds, at least 1 s (metrics have 1-second"
                    + " resolution), was " + period);
        }
        if (scaleOutDatapoints < 1 || scaleInDatapoints < 1) {
            throw new IllegalArgumentException("scaleOutDatapoints and scaleInDatapoints must be at least 1, were "
                    + scaleOutDatapoints + " and " + scaleInDatapoints);
        }
    }

    /** Tracks ALB requests per target: {@code requestsPerTargetPerPeriod}, capacity 1 to 10, the scaled defaults. */
    public static AutoscalingPolicy requestCountPerTarget(double requestsPerTargetPerPeriod) {
        return defaults(ScalingMetric.ALB_REQUEST_COUNT_PER_TARGET, requestsPerTargetPerPeriod);
    }

    /** Tracks the service's average CPU use at {@code percent}, capacity 1 to 10, the scaled defaults. */
    public static AutoscalingPolicy cpuUtilization(double percent) {
        return defaults(ScalingMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION, percent);
    }

    /** {@code metric} at {@code targetValue}, capacity 1 to 10, period 5 s, cooldowns 25 s, datapoints 3 out / 15 in. */
    public static AutoscalingPolicy defaults(ScalingMetric metric, double targetValue) {
        return new AutoscalingPolicy(metric, targetValue, 1, 10, DEFAULT_COOLDOWN, DEFAULT_COOLDOWN, DEFAULT_PERIOD, 3, 15);
    }

    /** The same policy between {@code min} and {@code max} tasks. */
    public AutoscalingPolicy withCapacity(int min, int max) {
        return new AutoscalingPolicy(metric, targetValue, min, max, scaleOutCooldown, scaleInCooldown, period,
                scaleOutDatapoints, scaleInDatapoints);
    }

    /** The same policy with other cooldowns. */
    public AutoscalingPolicy withCooldowns(Duration scaleOut, Duration scaleIn) {
        return new AutoscalingPolicy(metric, targetValue, minCapacity, maxCapacity, scaleOut, scaleIn, period,
                scaleOutDatapoints, scaleInDatapoints);
    }

    /** The same policy evaluated every {@code period} (the target value keeps its number: per period). */
    public AutoscalingPolicy withPeriod(Duration period) {
        return new AutoscalingPolicy(metric, targetValue, minCapacity, maxCapacity, scaleOutCooldown, scaleInCooldown,
                period, scaleOutDatapoints, scaleInDatapoints);
    }

    /** The same policy with other alarm lengths, in periods. */
    public AutoscalingPolicy withDatapoints(int scaleOut, int scaleIn) {
        return new AutoscalingPolicy(metric, targetValue, minCapacity, maxCapacity, scaleOutCooldown, scaleInCooldown,
                period, scaleOut, scaleIn);
    }

    /** The value under which a period counts towards scaling in. */
    public double scaleInThreshold() {
        return SCALE_IN_THRESHOLD * targetValue;
    }

    /** {@code capacity} kept between the minimum and the maximum. */
    public int clamp(int capacity) {
        return Math.max(minCapacity, Math.min(maxCapacity, capacity));
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
