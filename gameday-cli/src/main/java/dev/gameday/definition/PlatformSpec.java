package dev.gameday.definition;

import dev.gameday.platform.autoscaling.AutoscalingPolicy;

import java.util.Optional;

/**
 * How the local platform is shaped for a game day (the {@code platform:} section; ignored on AWS,
 * where the deployment has its own shape and scaling policies).
 *
 * @param zones        how many availability zones ({@code local-1a}, {@code local-1b}, …), 1 to 3
 * @param tasksPerZone shop tasks placed in each zone at start
 * @param autoscaling  the service's target-tracking policy, if it scales
 */
public record PlatformSpec(int zones, int tasksPerZone, Optional<AutoscalingPolicy> autoscaling) {

    /** Two zones with one task each: the smallest shape where a zone or task can fail over. */
    public static final PlatformSpec DEFAULT = new PlatformSpec(2, 1, Optional.empty());

    /** The service's desired count. */
    public int desiredCount() {
        return zones * tasksPerZone;
    }
}
