package dev.gameday.platform;

import dev.gameday.platform.autoscaling.AutoscalingPolicy;
import dev.gameday.platform.database.DatabaseEngine;
import dev.gameday.platform.loadbalancer.HealthCheck;
import dev.gameday.platform.service.DeploymentConfiguration;
import dev.gameday.platform.task.TaskDefinition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link LocalPlatform} is started with: its shape (zones, tasks per zone) and its
 * timings. AWS's timings are scaled down by default so a local game day takes minutes, not an
 * hour; each is configurable, and {@link HealthCheck#awsDefaults()} gives ALB's own.
 *
 * @param zones               how many zones ({@code local-1a}, …), 1 to 3 in practice
 * @param tasksPerZone        desired tasks per zone; the service's desired count is {@code zones × tasksPerZone}
 * @param healthCheck         the target group's health check (default 1 s / 1 s / 2 / 2; ALB: 30 s / 5 s / 5 / 2)
 * @param deregistrationDelay longest draining of a deregistered target (default 2 s; ALB: 300 s)
 * @param stopTimeout         SIGTERM to SIGKILL (default 5 s; ECS: 30 s)
 * @param drainTimeout        how long a task drains after SIGTERM ({@code SHOP_DRAIN_TIMEOUT}, default 2 s)
 * @param startTimeout        how long a task may take to be ready before it is replaced (default 90 s)
 * @param targetTimeout       how long the load balancer waits for a target before {@code 504} (default 5 s; ALB idle timeout: 60 s)
 * @param listenerPort        the load balancer's port, 0 for an ephemeral one
 * @param loadBalancerThreads requests the load balancer handles at once
 * @param taskMainClass       what tasks run (the shop)
 * @param taskJvmOptions      JVM flags of every task
 * @param taskEnvironment     extra environment of every task (e.g. {@code SHOP_SEED_PRODUCTS})
 * @param adminToken          the shop's admin token; {@code null} generates one
 * @param workDirectory       where task logs and the database live; {@code null} makes a temporary one
 * @param queue               whether to run the SQS queue (ElasticMQ) and give it to tasks for fulfilment
 * @param standby             whether the database has a synchronous standby in the second zone (needs 2 zones)
 * @param database            the RDS deployment the database imitates, with its detection and failover times
 *                            (default {@link DatabaseEngine#defaults()}: a Multi-AZ DB instance, scaled down)
 * @param autoscaling         the service's target-tracking scaling policy, or {@code null} for a fixed desired count;
 *                            {@code zones × tasksPerZone} must lie between its min and max capacity
 * @param deployment          the service's minimum healthy and maximum percent (ECS defaults: 100 % and 200 %)
 */
public record PlatformConfig(
        int zones,
        int tasksPerZone,
        HealthCheck healthCheck,
        Duration deregistrationDelay,
        Duration stopTimeout,
        Duration drainTimeout,
        Duration startTimeout,
        Duration targetTimeout,
        int listenerPort,
        int loadBalancerThreads,
        String taskMainClass,
        List<String> taskJvmOptions,
        Map<String, String> taskEnvironment,
        String adminToken,
        Path workDirectory,
        boolean queue,
        boolean standby,
        DatabaseEngine database,
        AutoscalingPolicy autoscaling,
        DeploymentConfiguration deployment) {

    public PlatformConfig {
        if (zones < 1 || zones > 3) {
            throw new IllegalArgumentException("zones must be 1..3, was " + zones);
        }
        if (tasksPerZone < 0) {
            throw new IllegalArgumentException("tasksPerZone must not be negative, was " + tasksPerZone);
        }
        Objects.requireNonNull(healthCheck, "healthCheck");
        requirePositiveOrZero("deregistrationDelay", deregistrationDelay);
        requirePositiveOrZero("stopTimeout", stopTimeout);
        requirePositiveOrZero("drainTimeout", drainTimeout);
        requirePositiveOrZero("startTimeout", startTimeout);
        requirePositiveOrZero("targetTimeout", targetTimeout);
        if (targetTimeout.isZero() || startTimeout.isZero()) {
            throw new IllegalArgumentException("targetTimeout and startTimeout must be positive, were "
                    + targetTimeout + " and " + startTimeout);
        }
        if (listenerPort < 0 || listenerPort > 65535) {
            throw new IllegalArgumentException("listenerPort must be 0..65535, was " + listenerPort);
        }
        if (loadBalancerThreads < 1) {
            throw new IllegalArgumentException("loadBalancerThreads must be at least 1, was " + loadBalancerThreads);
        }
        Objects.requireNonNull(taskMainClass, "taskMainClass");
        Objects.requireNonNull(database, "database");
        if (autoscaling != null && (zones * tasksPerZone < autoscaling.minCapacity()
                || zones * tasksPerZone > autoscaling.maxCapacity())) {
            throw new IllegalArgumentException("the service starts with " + zones * tasksPerZone + " tasks (" + zones
                    + " zones × " + tasksPerZone + "), outside the autoscaling capacity " + autoscaling.minCapacity()
                    + ".." + autoscaling.maxCapacity());
        }
        Objects.requireNonNull(deployment, "deployment");
        taskJvmOptions = List.copyOf(taskJvmOptions);
        taskEnvironment = Map.copyOf(taskEnvironment);
    }

    /** The defaults: 2 zones × 1 task, scaled-down timings, the shop with small JVMs. */
    public static PlatformConfig defaults() {
        return new PlatformConfig(2, 1, HealthCheck.scaledDefaults(), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(90), Duration.ofSeconds(5), 0, 64,
                TaskDefinition.SHOP_MAIN, TaskDefinition.SMALL_JVM, Map.of(), null, null, true, true, DatabaseEngine.defaults(), null,
                DeploymentConfiguration.defaults());
    }

    /** The name of the queue the shop's fulfilment uses. */
    public static final String QUEUE_NAME = "shop-orders";

    /** The same configuration with {@code policy} scaling the service ({@code null}: none). */
    public PlatformConfig withAutoscaling(AutoscalingPolicy policy) {
        return new PlatformConfig(zones, tasksPerZone, healthCheck, deregistrationDelay, stopTimeout, drainTimeout,
                startTimeout, targetTimeout, listenerPort, loadBalancerThreads, taskMainClass, taskJvmOptions,
                taskEnvironment, adminToken, workDirectory, queue, standby, database, policy, deployment);
    }

    /** The service's desired count at start. */
    public int desiredCount() {
        return zones * tasksPerZone;
    }

    private static void requirePositiveOrZero(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
