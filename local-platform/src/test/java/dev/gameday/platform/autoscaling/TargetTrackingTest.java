package dev.gameday.platform.autoscaling;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The target-tracking rules period by period, on a synthetic clock: how many periods each alarm
 * needs, how the new capacity is sized, and what the cooldowns hold back.
 */
class TargetTrackingTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    /** Target 10 requests per target per 5 s; 2..6 tasks; AWS's 3 periods out, 15 in; cooldowns 25 s. */
    private static final AutoscalingPolicy POLICY = AutoscalingPolicy.requestCountPerTarget(10).withCapacity(2, 6);

    private final TargetTracking tracking = new TargetTracking(POLICY);
    private int period;

    private Optional<ScalingDecision> next(double value, int desired) {
        period++;
        return tracking.evaluate(T0.plus(POLICY.period().multipliedBy(period)), value, desired);
    }

    @Test
    void scalesOutProportionallyAfterThreePeriodsAboveTarget() {
        assertThat(next(20, 2)).isEmpty();
        assertThat(next(20, 2)).isEmpty();
        assertThat(next(20, 2)).contains(new ScalingDecision(ScalingDecision.Direction.OUT, 2, 4, 20));
    }

    @Test
    void aPeriodAtOrBelowTargetResetsTheScaleOutAlarm() {
        next(20, 2);
        next(20, 2);
        assertThat(next(10, 2)).isEmpty();
        assertThat(next(20, 2)).isEmpty();
        assertThat(next(20, 2)).isEmpty();
        assertThat(next(20, 2)).isPresent();
    }

    @Test
    void neverScalesBeyondMaxCapacity() {
        next(100, 2);
        next(100, 2);
        assertThat(next(100, 2)).map(ScalingDecision::to).contains(6);
    }

    @Test
    void duringTheScaleOutCooldownOnlyAddsWhatTheFirstScaleOutDidNotCover() {
        next(20, 2);
        next(20, 2);
        assertThat(next(20, 2)).map(ScalingDecision::to).contains(4);
        // The new tasks are not healthy yet, so the metric still reads the old capacity: no second doubling.
        assertThat(next(20, 4)).isEmpty();
        // More load than the first scale-out covered: sized from the 2 tasks before it, not from 4.
        assertThat(next(25, 4)).map(ScalingDecision::to).contains(5);
        // Past the cooldown (25 s = 5 periods after the scale-out at period 3), sizing is from the desired count again.
        period = 8;
        assertThat(next(15, 5)).map(ScalingDecision::to).contains(6);
    }

    @Test
    void scalesInOnlyAfterFifteenPeriodsBelowNinetyPercentOfTarget() {
        for (int i = 0; i < 14; i++) {
            assertThat(next(4, 4)).as("period %d", period).isEmpty();
        }
        assertThat(next(4, 4)).contains(new ScalingDecision(ScalingDecision.Direction.IN, 4, 2, 4));
    }

    @Test
    void justUnderTargetIsNotLowEnoughToScaleIn() {
        for (int i = 0; i < 20; i++) {
            assertThat(next(9.5, 4)).isEmpty();
        }
    }

    @Test
    void aPeriodWithoutDataIsInsufficientDataAndNeverScalesIn() {
        for (int i = 0; i < 30; i++) {
            assertThat(next(i == 20 ? 1 : Double.NaN, 4)).isEmpty();
        }
    }

    @Test
    void scaleInWaitsForTheScaleOutCooldownAndThenForItsOwn() {
        TargetTracking quick = new TargetTracking(POLICY.withDatapoints(3, 2)
                .withCooldowns(Duration.ofSeconds(25), Duration.ofSeconds(10)));
        Instant out = T0.plusSeconds(15);
        quick.evaluate(out.minusSeconds(10), 20, 2);
        quick.evaluate(out.minusSeconds(5), 20, 2);
        assertThat(quick.evaluate(out, 20, 2)).map(ScalingDecision::to).contains(4);
        assertThat(quick.evaluate(out.plusSeconds(5), 1, 4)).isEmpty();
        assertThat(quick.evaluate(out.plusSeconds(20), 1, 4)).as("inside the scale-out cooldown").isEmpty();
        assertThat(quick.evaluate(out.plusSeconds(25), 4, 4)).map(ScalingDecision::to).contains(2);
        // The next scale-in waits for the scale-in cooldown (10 s) even with the alarm still low.
        TargetTracking atMin = new TargetTracking(POLICY.withCapacity(1, 6).withDatapoints(3, 2)
                .withCooldowns(Duration.ZERO, Duration.ofSeconds(10)));
        atMin.evaluate(T0, 6, 4);
        assertThat(atMin.evaluate(T0.plusSeconds(5), 6, 4)).map(ScalingDecision::to).contains(3);
        assertThat(atMin.evaluate(T0.plusSeconds(10), 2, 3)).as("inside the scale-in cooldown").isEmpty();
        assertThat(atMin.evaluate(T0.plusSeconds(15), 2, 3)).map(ScalingDecision::to).contains(1);
    }

    @Test
    void aScaleInCooldownDoesNotHoldBackAScaleOut() {
        TargetTracking t = new TargetTracking(POLICY.withDatapoints(1, 1)
                .withCooldowns(Duration.ZERO, Duration.ofSeconds(300)));
        assertThat(t.evaluate(T0, 4, 4)).map(ScalingDecision::to).contains(2);
        assertThat(t.evaluate(T0.plusSeconds(5), 30, 2)).map(ScalingDecision::to).contains(6);
    }

    @Test
    void refusesAPolicyThatCannotWorkNamingTheBadValue() {
        assertThatThrownBy(() -> POLICY.withCapacity(0, 4)).hasMessageContaining("minCapacity must be at least 1");
        assertThatThrownBy(() -> POLICY.withCapacity(4, 2)).hasMessageContaining("maxCapacity (2)");
        assertThatThrownBy(() -> POLICY.withPeriod(Duration.ofMillis(1500))).hasMessageContaining("PT1.5S");
        assertThatThrownBy(() -> AutoscalingPolicy.cpuUtilization(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> ScalingMetric.fromAwsName("ALBRequestCount"))
                .hasMessageContaining("'ALBRequestCount'").hasMessageContaining("ECSServiceAverageCPUUtilization");
        assertThat(ScalingMetric.fromAwsName("ALBRequestCountPerTarget")).isEqualTo(ScalingMetric.ALB_REQUEST_COUNT_PER_TARGET);
    }
}
