package dev.gameday.platform.loadbalancer;

import dev.gameday.platform.zone.Zone;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One target of the target group: a task's address (the platform's edge in front of it), its
 * zone, its health state and its in-flight request count.
 */
public final class RegisteredTarget {

    private final String id;
    private final String taskId;
    private final Zone zone;
    private final int port;
    private final AtomicInteger inFlight = new AtomicInteger();
    private TargetHealth health = TargetHealth.INITIAL;
    private int consecutivePasses;
    private int consecutiveFailures;
    private String lastFailure;

    RegisteredTarget(String taskId, Zone zone, int port) {
        this.id = "127.0.0.1:" + port;
        this.taskId = taskId;
        this.zone = zone;
        this.port = port;
    }

    /** The target id ALB would show: address and port. */
    public String id() {
        return id;
    }

    public String taskId() {
        return taskId;
    }

    public Zone zone() {
        return zone;
    }

    /** The loopback port requests to this target go to. */
    public int port() {
        return port;
    }

    public synchronized TargetHealth health() {
        return health;
    }

    /** Why the last health check failed, or {@code null}. */
    public synchronized String lastFailure() {
        return lastFailure;
    }

    /** Requests sent to this target and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    /** Marks one request to this target as answered (or failed). */
    public void end() {
        inFlight.decrementAndGet();
    }

    /** Applies one health check result; returns the new state if it changed, else {@code null}. */
    synchronized TargetHealth observe(boolean passed, String failure, HealthCheck check) {
        if (health == TargetHealth.DRAINING) {
            return null;
        }
        if (passed) {
            consecutivePasses++;
            consecutiveFailures = 0;
            if (health != TargetHealth.HEALTHY && consecutivePasses >= check.healthyThreshold()) {
                health = TargetHealth.HEALTHY;
                lastFailure = null;
                return health;
            }
        } else {
            consecutiveFailures++;
            consecutivePasses = 0;
            lastFailure = failure;
            if (health != TargetHealth.UNHEALTHY && consecutiveFailures >= check.unhealthyThreshold()) {
                health = TargetHealth.UNHEALTHY;
                return health;
            }
        }
        return null;
    }

    /** Moves to draining; returns whether it was not draining already. */
    synchronized boolean drain() {
        if (health == TargetHealth.DRAINING) {
            return false;
        }
        health = TargetHealth.DRAINING;
        return true;
    }

    @Override
    public String toString() {
        return id + "(" + taskId + ", " + zone + ", " + health() + ")";
    }
}
