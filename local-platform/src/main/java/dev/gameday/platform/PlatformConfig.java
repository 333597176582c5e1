package dev.gameday.platform;

import dev.gameday.platform.autoscaling.AutoscalingPolicy;
import dev.gameday.platform.database.DatabaseEngine;
import dev.gameday.platform.loadbalancer.HealthCheck;
import dev.gameday.platform.service.DeploymentConfiguration;
import dev.gameday.platform.task.TaskDefinition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link LocalPlatform} is started with: its shape (zones, tasks per zone) and its
 * timings. AWS's timings are scaled down by default so a local game day takes minutes, not an
 * hour; each is configurable, and {@link HealthCheck#awsDefaults()} gives ALB's own. Built with
 * {@link LocalPlatform#builder()}, whose settings start at the defaults {@link Builder} writes once;
 * a bad one is refused with a {@link PlatformConfigException} naming every field at fault.
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
 * @param standby             whether the database keeps its engine's standbys in the other zones (needs 2 zones; a Multi-AZ DB cluster's two readers need 3)
 * @param database            the RDS deployment the database imitates, with its detection and failover times
 *                            (default {@link DatabaseEngine#defaults()}, scaled down; see docs/FIDELITY.md)
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
        // Every problem is collected, so that one attempt names them all.
        Map<String, String> problems = new LinkedHashMap<>();
        check(problems, zones >= 1 && zones <= 3, "zones", "must be 1..3, was " + zones);
        check(problems, tasksPerZone >= 0, "tasksPerZone", "must not be negative, was " + tasksPerZone);
        check(problems, healthCheck != null, "healthCheck", "is required");
        notNegative(problems, "deregistrationDelay", deregistrationDelay);
        notNegative(problems, "stopTimeout", stopTimeout);
        notNegative(problems, "drainTimeout", drainTimeout);
        positive(problems, "startTimeout", startTimeout);
        positive(problems, "targetTimeout", targetTimeout);
        check(problems, listenerPort >= 0 && listenerPort <= 65535, "listenerPort",
                "must be 0..65535, was " + listenerPort);
        check(problems, loadBalancerThreads >= 1, "loadBalancerThreads",
                "must be at least 1, was " + loadBalancerThreads);
        check(problems, taskMainClass != null, "taskMainClass", "is required");
        check(problems, taskJvmOptions != null, "taskJvmOptions", "is required (empty for none)");
        check(problems, taskEnvironment != null, "taskEnvironment", "is required (empty for none)");
        check(problems, database != null, "database", "is required");
        if (autoscaling != null) {
            int desired = zones * tasksPerZone;
            check(problems, desired >= autoscaling.minCapacity() && desired <= autoscaling.maxCapacity(), "autoscaling",
                    "the service starts with " + desired + " tasks (" + zones + " zones × " + tasksPerZone
                            + "), outside the autoscaling capacity " + autoscaling.minCapacity() + ".."
                            + autoscaling.maxCapacity());
        }
        check(problems, deployment != null, "deployment", "is required");
        if (!problems.isEmpty()) {
            throw new PlatformConfigException(problems);
        }
        taskJvmOptions = List.copyOf(taskJvmOptions);
        taskEnvironment = Map.copyOf(taskEnvironment);
    }

    /** The defaults: 2 zones × 1 task, scaled-down timings, the shop with small JVMs (see {@link Builder}). */
    public static PlatformConfig defaults() {
        return new Copy().config();
    }

    /** The name of the queue the shop's fulfilment uses. */
    public static final String QUEUE_NAME = "shop-orders";

    /** The same configuration with {@code policy} scaling the service ({@code null}: none). */
    public PlatformConfig withAutoscaling(AutoscalingPolicy policy) {
        return new Copy().config(this).autoscaling(policy).config();
    }

    /** The service's desired count at start. */
    public int desiredCount() {
        return zones * tasksPerZone;
    }

    private static void check(Map<String, String> problems, boolean ok, String field, String problem) {
        if (!ok) {
            problems.putIfAbsent(field, problem);
        }
    }

    private static void notNegative(Map<String, String> problems, String field, Duration value) {
        check(problems, value != null, field, "is required");
        check(problems, value == null || !value.isNegative(), field, "must not be negative, was " + value);
    }

    private static void positive(Map<String, String> problems, String field, Duration value) {
        notNegative(problems, field, value);
        check(problems, value == null || !value.isZero(), field, "must be positive, was " + value);
    }

    /**
     * The settings of a {@link PlatformConfig}, each starting at its default (this is the one place
     * the defaults are written), set fluently and validated together by {@link #config()}.
     * {@link LocalPlatform.Builder} extends it with what a start needs; {@code B} is that concrete
     * builder, so that chained calls keep its type (as Testcontainers' containers do).
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int zones = 2;
        private int tasksPerZone = 1;
        private HealthCheck healthCheck = HealthCheck.scaledDefaults();
        private Duration deregistrationDelay = Duration.ofSeconds(2);
        private Duration stopTimeout = Duration.ofSeconds(5);
        private Duration drainTimeout = Duration.ofSeconds(2);
        private Duration startTimeout = Duration.ofSeconds(90);
        private Duration targetTimeout = Duration.ofSeconds(5);
        private int listenerPort = 0;
        private int loadBalancerThreads = 64;
        private String taskMainClass = TaskDefinition.SHOP_MAIN;
        private List<String> taskJvmOptions = TaskDefinition.SMALL_JVM;
        private Map<String, String> taskEnvironment = Map.of();
        private String adminToken;
        private Path workDirectory;
        private boolean queue = true;
        private boolean standby = true;
        private DatabaseEngine database = DatabaseEngine.defaults();
        private AutoscalingPolicy autoscaling;
        private DeploymentConfiguration deployment = DeploymentConfiguration.defaults();

        protected Builder() {
        }

        /** Starts from a whole configuration (e.g. one parsed from a game day file). */
        public B config(PlatformConfig c) {
            Objects.requireNonNull(c, "config");
            zones = c.zones();
            tasksPerZone = c.tasksPerZone();
            healthCheck = c.healthCheck();
            deregistrationDelay = c.deregistrationDelay();
            stopTimeout = c.stopTimeout();
            drainTimeout = c.drainTimeout();
            startTimeout = c.startTimeout();
            targetTimeout = c.targetTimeout();
            listenerPort = c.listenerPort();
            loadBalancerThreads = c.loadBalancerThreads();
            taskMainClass = c.taskMainClass();
            taskJvmOptions = c.taskJvmOptions();
            taskEnvironment = c.taskEnvironment();
            adminToken = c.adminToken();
            workDirectory = c.workDirectory();
            queue = c.queue();
            standby = c.standby();
            database = c.database();
            autoscaling = c.autoscaling();
            deployment = c.deployment();
            return self();
        }

        /** How many zones ({@code local-1a}, {@code local-1b}, …); default 2. */
        public B zones(int zones) { this.zones = zones; return self(); }

        /** Desired tasks per zone; default 1. */
        public B tasksPerZone(int tasksPerZone) { this.tasksPerZone = tasksPerZone; return self(); }

        /** The target group's health check; default {@link HealthCheck#scaledDefaults()}. */
        public B healthCheck(HealthCheck healthCheck) { this.healthCheck = healthCheck; return self(); }

        /** Longest draining of a deregistered target; default 2 s. */
        public B deregistrationDelay(Duration delay) { this.deregistrationDelay = delay; return self(); }

        /** SIGTERM to SIGKILL; default 5 s. */
        public B stopTimeout(Duration stopTimeout) { this.stopTimeout = stopTimeout; return self(); }

        /** A task's drain after SIGTERM; default 2 s. */
        public B drainTimeout(Duration drainTimeout) { this.drainTimeout = drainTimeout; return self(); }

        /** How long a task may take to be ready; default 90 s. */
        public B startTimeout(Duration startTimeout) { this.startTimeout = startTimeout; return self(); }

        /** How long the load balancer waits for a target before {@code 504}; default 5 s. */
        public B targetTimeout(Duration targetTimeout) { this.targetTimeout = targetTimeout; return self(); }

        /** The load balancer's port; default 0 (ephemeral). */
        public B listenerPort(int port) { this.listenerPort = port; return self(); }

        /** Requests the load balancer handles at once; default 64. */
        public B loadBalancerThreads(int threads) { this.loadBalancerThreads = threads; return self(); }

        /** What tasks run; default the shop ({@code dev.gameday.shop.ShopMain}). */
        public B taskMainClass(String mainClass) { this.taskMainClass = mainClass; return self(); }

        /** JVM flags of every task; default {@link TaskDefinition#SMALL_JVM}. */
        public B taskJvmOptions(List<String> options) { this.taskJvmOptions = options; return self(); }

        /** Extra environment of every task, e.g. {@code SHOP_SEED_PRODUCTS}; default none. */
        public B taskEnvironment(Map<String, String> environment) { this.taskEnvironment = environment; return self(); }

        /** The shop's admin token; default a random one. */
        public B adminToken(String token) { this.adminToken = token; return self(); }

        /** Where task logs and the database live; default a new temporary directory. */
        public B workDirectory(Path directory) { this.workDirectory = directory; return self(); }

        /** Whether to run the SQS queue (ElasticMQ) for the shop's fulfilment; default true. */
        public B queue(boolean queue) { this.queue = queue; return self(); }

        /** Whether the database keeps its engine's standbys in the other zones; default true. */
        public B standby(boolean standby) { this.standby = standby; return self(); }

        /** The RDS deployment the database imitates, with its timings; default {@link DatabaseEngine#defaults()}. */
        public B database(DatabaseEngine engine) { this.database = Objects.requireNonNull(engine, "engine"); return self(); }

        /** How long the writer endpoints stay dark in a database failover (the engine's failover time). */
        public B failoverDelay(Duration delay) { this.database = database.withFailoverTime(delay); return self(); }

        /**
         * Scales the service by target tracking ({@code null}, the default: a fixed desired count),
         * e.g. {@code AutoscalingPolicy.requestCountPerTarget(50).withCapacity(2, 6)}.
         */
        public B autoscaling(AutoscalingPolicy policy) { this.autoscaling = policy; return self(); }

        /**
         * The service's deployment configuration; default ECS's, {@code minimumHealthyPercent} 100 and
         * {@code maximumPercent} 200: unhealthy tasks are replaced before they are stopped.
         */
        public B deployment(DeploymentConfiguration deployment) {
            this.deployment = Objects.requireNonNull(deployment, "deployment");
            return self();
        }

        /** The configuration as set so far; throws {@link PlatformConfigException} naming every bad field. */
        public PlatformConfig config() {
            return new PlatformConfig(zones, tasksPerZone, healthCheck, deregistrationDelay, stopTimeout, drainTimeout,
                    startTimeout, targetTimeout, listenerPort, loadBalancerThreads, taskMainClass, taskJvmOptions,
                    taskEnvironment, adminToken, workDirectory, queue, standby, database, autoscaling, deployment);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }

    /** The builder {@link #defaults()} and the {@code withX} copies use: the settings alone. */
    private static final class Copy extends Builder<Copy> {
    }
}
