package dev.gameday.platform.loadbalancer;

import java.time.Duration;
import java.util.Objects;

/**
 * A target group's health check, as ALB configures it.
 *
 * @param path               the path probed with {@code GET}, e.g. {@code /health}
 * @param interval           time between probes of one target
 * @param timeout            how long a probe may take before it counts as failed
 * @param healthyThreshold   consecutive passes that make a target healthy
 * @param unhealthyThreshold consecutive failures that make a target unhealthy
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold, int unhealthyThreshold) {

    public HealthCheck {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("health check path must start with '/', was '" + path + "'");
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("health check interval and timeout must be positive, were " + interval + " and " + timeout);
        }
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("health check timeout " + timeout + " must not exceed the interval " + interval);
        }
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("health check thresholds must be at least 1, were "
                    + healthyThreshold + " and " + unhealthyThreshold);
        }
    }

    /** ALB's defaults: 30 s interval, 5 s timeout, healthy after 5, unhealthy after 2. */
    public static HealthCheck awsDefaults() {
        return new HealthCheck("/health", Duration.ofSeconds(30), Duration.ofSeconds(5), 5, 2);
    }

    /** The local default, scaled down for short runs: 1 s interval, 1 s timeout, 2 and 2. */
    public static HealthCheck scaledDefaults() {
        return new HealthCheck("/health", Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2);
    }
}
