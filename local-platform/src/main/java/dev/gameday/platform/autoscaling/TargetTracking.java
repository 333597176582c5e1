package dev.gameday.platform.autoscaling;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The decisions of one target-tracking policy, fed one datapoint per evaluation period: the two
 * alarms (high: {@code scaleOutDatapoints} periods above target; low: {@code scaleInDatapoints}
 * periods below 90 % of it), the proportional sizing and the cooldowns. It holds no clock and
 * touches no service, so the rules can be checked period by period.
 *
 * <p>Sizing is AWS's: the capacity that keeps the metric at its target is
 * {@code ceil(capacity × value ÷ target)}, clamped to min/max. During a scale-out cooldown the
 * capacity is the one from before the cooldown's scale-out, so a metric that still reflects the
 * old capacity (new tasks not yet healthy) adds only what the first scale-out did not cover.
 */
public final class TargetTracking {

    private final AutoscalingPolicy policy;
    /** Newest first; {@code NaN} is a period without data. */
    private final Deque<Double> datapoints = new ArrayDeque<>();
    private Instant scaledOutAt;
    private int capacityBeforeScaleOut;
    private Instant scaledInAt;

    public TargetTracking(AutoscalingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public AutoscalingPolicy policy() {
        return policy;
    }

    /**
     * Takes the datapoint of the period that just ended and says whether to scale.
     *
     * @param at        the end of the period
     * @param datapoint the metric over the period, {@code NaN} when there was no data
     * @param desired   the service's desired count now
     * @return the scaling activity to perform, if any
     */
    public synchronized Optional<ScalingDecision> evaluate(Instant at, double datapoint, int desired) {
        Objects.requireNonNull(at, "at");
        datapoints.addFirst(datapoint);
        while (datapoints.size() > Math.max(policy.scaleOutDatapoints(), policy.scaleInDatapoints())) {
            datapoints.removeLast();
        }
        boolean inScaleOutCooldown = scaledOutAt != null && at.isBefore(scaledOutAt.plus(policy.scaleOutCooldown()));
        if (alarm(policy.scaleOutDatapoints(), v -> v > policy.targetValue())) {
            int base = inScaleOutCooldown ? capacityBeforeScaleOut : desired;
            int wanted = policy.clamp(proportional(base, datapoint));
            if (wanted > desired) {
                if (!inScaleOutCooldown) {
                    scaledOutAt = at;
                    capacityBeforeScaleOut = desired;
                }
                return Optional.of(new ScalingDecision(ScalingDecision.Direction.OUT, desired, wanted, datapoint));
            }
            return Optional.empty();
        }
        boolean inScaleInCooldown = scaledInAt != null && at.isBefore(scaledInAt.plus(policy.scaleInCooldown()));
        // Availability first: capacity just added is not taken away before its cooldown is over.
        if (!inScaleOutCooldown && !inScaleInCooldown
                && alarm(policy.scaleInDatapoints(), v -> v < policy.scaleInThreshold())) {
            int wanted = policy.clamp(proportional(desired, datapoint));
            if (wanted < desired) {
                scaledInAt = at;
                return Optional.of(new ScalingDecision(ScalingDecision.Direction.IN, desired, wanted, datapoint));
            }
        }
        return Optional.empty();
    }

    /** The alarm is in ALARM when its last {@code n} periods all had data and all breached. */
    private boolean alarm(int n, DoublePredicate breaching) {
        if (datapoints.size() < n) {
            return false;
        }
        Iterator<Double> newestFirst = datapoints.iterator();
        for (int i = 0; i < n; i++) {
            double v = newestFirst.next();
            if (Double.isNaN(v) || !breaching.test(v)) {
                return false;
            }
        }
        return true;
    }

    private int proportional(int capacity, double value) {
        // A hair under an exact multiple must not add a whole task: 2 × 20 ÷ 10 is 4, not 5.
        return (int) Math.ceil(capacity * value / policy.targetValue() - 1e-9);
    }
}
