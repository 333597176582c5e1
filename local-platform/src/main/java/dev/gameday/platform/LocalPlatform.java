package dev.gameday.platform;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.platform.autoscaling.AutoscalingPolicy;
import dev.gameday.platform.autoscaling.TargetTrackingScaler;
import dev.gameday.platform.database.Database;
import dev.gameday.platform.loadbalancer.HealthCheck;
import dev.gameday.platform.loadbalancer.LoadBalancer;
import dev.gameday.platform.loadbalancer.RegisteredTarget;
import dev.gameday.platform.loadbalancer.TargetGroup;
import dev.gameday.platform.loadbalancer.TargetHealth;
import dev.gameday.platform.metrics.CpuSampler;
import dev.gameday.platform.metrics.LocalMetricsSource;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.queue.Queue;
import dev.gameday.platform.service.DeploymentConfiguration;
import dev.gameday.platform.service.ServiceScheduler;
import dev.gameday.platform.task.TaskDefinition;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.zone.Zone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.concurrent.CompletionException;

/**
 * The embedded, AWS-shaped platform the {@code local} target runs on: zones, a PostgreSQL writer
 * behind per-zone endpoints, an ECS-like service of shop tasks (child JVMs), an ALB-like load
 * balancer in front of them, and CloudWatch-named metrics of it all.
 *
 * <pre>{@code
 * try (LocalPlatform platform = LocalPlatform.builder().zones(2).tasksPerZone(1).start()) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(platform.url().resolve("/products")).build(), …);
 * }
 * }</pre>
 *
 * {@link Builder#start()} returns when every desired task is running and a healthy target;
 * {@link #close()} tears everything down, and nothing it started outlives this JVM even when the
 * JVM is killed (tasks watch their stdin, the database has a guard process).
 */
public final class LocalPlatform implements AutoCloseable {

    private static final String SOURCE = "platform";
    private static final int FAILED_LAUNCHES_BEFORE_GIVING_UP = 3;

    private final PlatformConfig config;
    private final List<Zone> zones;
    private final EventLog events;
    private final MetricStore store;
    private final ResourceNames names;
    private final String adminToken;
    private final Path workDirectory;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ZoneNetwork network;
    private Database database;
    private Queue queue;
    private TargetGroup targetGroup;
    private LoadBalancer loadBalancer;
    private ServiceScheduler service;
    private TargetTrackingScaler scaler;
    private ScheduledExecutorService sampler;
    private Thread shutdownHook;
    private final CpuSampler cpu = new CpuSampler();
    private volatile boolean closed;

    private LocalPlatform(PlatformConfig config, EventLog events, MetricStore store) {
        this.config = config;
        this.zones = Zone.first(config.zones());
        this.events = events;
        this.store = store;
        this.names = ResourceNames.fresh();
        this.adminToken = config.adminToken() != null ? config.adminToken() : "admin-" + ResourceNames.hex(16);
        try {
            this.workDirectory = config.workDirectory() != null
                    ? Files.createDirectories(config.workDirectory())
                    : Files.createTempDirectory("gameday-local-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the platform's work directory", e);
        }
    }

    /** A builder with the defaults of {@link PlatformConfig#defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a platform and waits until it is steady. */
    public static LocalPlatform start(PlatformConfig config, EventLog events, MetricStore store) {
        LocalPlatform platform = new LocalPlatform(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(events, "events"), Objects.requireNonNull(store, "store"));
        try {
            platform.boot();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void boot() {
        Instant began = Instant.now();
        events.emit(SOURCE, "platform.starting", Map.of("zones", zoneList(), "desired", config.desiredCount()));
        shutdownHook = new Thread(this::close, "local-platform-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        network = new ZoneNetwork();
        closeables.add(network);
        // The queue's actor system and the database start in parallel: both take seconds.
        CompletableFuture<Queue> queueStart = config.queue()
                ? CompletableFuture.supplyAsync(() -> Queue.start(PlatformConfig.QUEUE_NAME, zones, network))
                : CompletableFuture.completedFuture(null);
        try {
            // Every task holds a connection pool; leave room for them all plus replacements in flight,
            // at the most tasks the service may scale out to.
            int mostTasks = config.autoscaling() != null
                    ? Math.max(config.desiredCount(), config.autoscaling().maxCapacity()) : config.desiredCount();
            int maxConnections = Math.max(100, 20 * (2 * mostTasks + 2));
            database = Database.start(zones, network, maxConnections, workDirectory, config.standby(),
                    config.failoverDelay(), events);
            closeables.add(0, database);
        } finally {
            queue = joinQueue(queueStart);
            if (queue != null) {
                closeables.add(0, queue);
            }
        }

        PlatformMetrics metrics = new PlatformMetrics(store, names);
        targetGroup = new TargetGroup(names.targetGroup(), config.healthCheck(), config.deregistrationDelay(), events);
        loadBalancer = LoadBalancer.start(config.listenerPort(), config.loadBalancerThreads(), config.targetTimeout(),
                targetGroup, metrics, zones);
        closeables.add(0, loadBalancer);

        TaskDefinition definition = new TaskDefinition(config.taskMainClass(), config.taskJvmOptions(),
                config.taskEnvironment(), config.drainTimeout(), config.stopTimeout(), config.startTimeout(),
                workDirectory.resolve("tasks"));
        service = new ServiceScheduler(zones, config.desiredCount(), definition, this::taskEnvironment,
                targetGroup, network, config.deployment(), events);
        closeables.add(0, service);

        sampler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "platform-metrics");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> sample(metrics), 0, 1, TimeUnit.SECONDS);
        // Polls of other servers may stall in a fault; they run apart so the in-memory gauges keep their beat.
        sampler.scheduleAtFixedRate(() -> poll(metrics), 0, 1, TimeUnit.SECONDS);

        service.start();
        awaitSteady(config.startTimeout().plusSeconds(30));
        database.awaitStandby(Duration.ofSeconds(60));
        if (config.autoscaling() != null) {
            // Registered once the service is steady, as a scalable target is registered on a running service.
            scaler = TargetTrackingScaler.start(config.autoscaling(), store, names, service, events);
            closeables.add(0, scaler);
            AutoscalingPolicy p = config.autoscaling();
            events.emit(SOURCE, "scaling.policy", Map.of("metric", p.metric().awsName(), "target", p.targetValue(),
                    "min", p.minCapacity(), "max", p.maxCapacity(), "period", p.period().toString(),
                    "scaleOutCooldown", p.scaleOutCooldown().toString(), "scaleInCooldown", p.scaleInCooldown().toString()));
        }
        events.emit(SOURCE, "platform.ready", Map.of("url", url().toString(), "loadBalancer", names.loadBalancer(),
                "startupMillis", Duration.between(began, Instant.now()).toMillis()));
    }

    private static Queue joinQueue(CompletableFuture<Queue> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void awaitSteady(Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (!service.isSteady()) {
            if (service.failedLaunches() >= FAILED_LAUNCHES_BEFORE_GIVING_UP) {
                throw new IllegalStateException("the platform could not start its tasks: "
                        + service.failedLaunches() + " failed to start; last: " + service.lastFailure());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the platform was not steady within " + atMost + ": " + liveStatus()
                        + (service.lastFailure() != null ? "; last failure: " + service.lastFailure() : ""));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the platform was starting", e);
            }
        }
    }

    private Map<String, String> taskEnvironment(String taskId, Zone zone) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SHOP_PORT", "0");
        // The shop's default too; said here because a task on a shared host must never listen beyond it.
        env.put("SHOP_BIND_ADDRESS", "127.0.0.1");
        env.put("SHOP_DB_URL", database.writerUrl(zone));
        env.put("SHOP_DB_USER", database.user());
        env.put("SHOP_DB_PASSWORD", database.password());
        env.put("SHOP_ZONE", zone.name());
        env.put("SHOP_TASK_ID", taskId);
        env.put("SHOP_DRAIN_TIMEOUT", config.drainTimeout().toString());
        env.put("SHOP_ADMIN_TOKEN", adminToken);
        // The task exits when its stdin closes: that is how it dies with the harness.
        env.put("SHOP_WATCH_STDIN", "true");
        if (queue != null) {
            env.put("SHOP_QUEUE_URL", queue.url(zone));
            env.put("SHOP_SQS_ENDPOINT", queue.endpoint(zone).toString());
            env.put("SHOP_SQS_REGION", Queue.SIGNING_REGION);
        }
        return env;
    }

    private void sample(PlatformMetrics metrics) {
        try {
            Instant now = Instant.now();
            List<RegisteredTarget> targets = targetGroup.targets();
            int healthyAll = 0;
            int unhealthyAll = 0;
            for (Zone zone : zones) {
                int healthy = 0;
                int unhealthy = 0;
                for (RegisteredTarget t : targets) {
                    if (t.zone().equals(zone)) {
                        if (t.health() == TargetHealth.HEALTHY) {
                            healthy++;
                        } else if (t.health() == TargetHealth.UNHEALTHY) {
                            unhealthy++;
                        }
                    }
                }
                metrics.hostCounts(zone, healthy, unhealthy, now);
                healthyAll += healthy;
                unhealthyAll += unhealthy;
            }
            metrics.hostCounts(healthyAll, unhealthyAll, now);
            metrics.taskCounts(service.runningCount(), service.desiredCount(), service.pendingCount(), now);
            metrics.cpuUtilization(cpu.sample(service.tasks(), now), now);
        } catch (RuntimeException e) {
            // A sample missed is a gap in a gauge; never a reason to stop sampling.
        }
    }

    /** Gauges read from the queue and database servers; a server that does not answer leaves a gap, as in CloudWatch. */
    private void poll(PlatformMetrics metrics) {
        Instant now = Instant.now();
        if (queue != null) {
            try {
                Map<String, String> attributes = queue.attributes();
                metrics.queueDepth(queue.name(), Long.parseLong(attributes.getOrDefault("ApproximateNumberOfMessages", "0")),
                        Long.parseLong(attributes.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0")), now);
                metrics.queueAge(queue.name(), queue.oldestMessageAge(), now);
            } catch (RuntimeException e) {
                // gap
            }
        }
        try {
            Database.Health health = database.health();
            metrics.database(Database.CLUSTER_ID, health.connections(), health.replicaLag(), now);
        } catch (RuntimeException e) {
            // gap: the writer is down or failing over
        }
    }

    /** The load balancer's URL: where shoppers send traffic. */
    public URI url() {
        return loadBalancer.url();
    }

    public PlatformConfig config() {
        return config;
    }

    public List<Zone> zones() {
        return zones;
    }

    /** The dimension values of this platform's metrics. */
    public ResourceNames names() {
        return names;
    }

    public String adminToken() {
        return adminToken;
    }

    public EventLog events() {
        return events;
    }

    /** The metrics port answering from this platform's recordings. */
    public LocalMetricsSource metrics() {
        return new LocalMetricsSource(store);
    }

    public MetricStore metricStore() {
        return store;
    }

    /** The tasks of the service that have not stopped yet. */
    public List<TaskInfo> tasks() {
        return service.tasks();
    }

    /** The load balancer's healthy targets right now. */
    public List<RegisteredTarget> healthyTargets() {
        return targetGroup.healthyTargets();
    }

    /** The service's target-tracking scaler, or {@code null} when the platform runs without autoscaling. */
    public TargetTrackingScaler scaler() {
        return scaler;
    }

    public ServiceScheduler service() {
        return service;
    }

    public LoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public TargetGroup targetGroup() {
        return targetGroup;
    }

    public Database database() {
        return database;
    }

    /** The SQS queue, or {@code null} when the platform runs without one. */
    public Queue queue() {
        return queue;
    }

    public ZoneNetwork network() {
        return network;
    }

    /** Where task logs and the database live. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Stops one task as ECS {@code StopTask} does; the service replaces it. */
    public CompletableFuture<TaskInfo> stopTask(String taskId, String reason) {
        return service.stopTask(taskId, reason);
    }

    /** E.g. {@code healthy 1a:1 1b:1 | tasks 2/2}. */
    public String liveStatus() {
        if (targetGroup == null || service == null) {
            return "starting";
        }
        Map<Zone, Long> healthy = targetGroup.healthyTargets().stream()
                .collect(Collectors.groupingBy(RegisteredTarget::zone, Collectors.counting()));
        String perZone = zones.stream().map(z -> z.shortName() + ":" + healthy.getOrDefault(z, 0L))
                .collect(Collectors.joining(" "));
        String impaired = zones.stream().filter(network::isImpaired).map(Zone::shortName)
                .collect(Collectors.joining(","));
        return "healthy " + perZone + " | tasks " + service.runningCount() + "/" + service.desiredCount()
                + (impaired.isEmpty() ? "" : " | impaired " + impaired);
    }

    /** Tears everything down: tasks, load balancer, database, network. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (sampler != null) {
            sampler.shutdownNow();
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // Keep tearing down: one stuck part must not leave the others running.
            }
        }
        if (shutdownHook != null && !Thread.currentThread().equals(shutdownHook)) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
        try {
            events.emit(SOURCE, "platform.stopped");
        } catch (RuntimeException e) {
            // The run may have closed its event log first; the teardown itself is done.
        }
    }

    private String zoneList() {
        return zones.stream().map(Zone::name).collect(Collectors.joining(","));
    }

    /**
     * Fluent configuration of a {@link LocalPlatform}; every setting has a default
     * ({@link PlatformConfig#defaults()}), and {@link #start()} returns a ready platform.
     */
    public static final class Builder {
        private int zones;
        private int tasksPerZone;
        private HealthCheck healthCheck;
        private Duration deregistrationDelay;
        private Duration stopTimeout;
        private Duration drainTimeout;
        private Duration startTimeout;
        private Duration targetTimeout;
        private int listenerPort;
        private int loadBalancerThreads;
        private String taskMainClass;
        private List<String> taskJvmOptions;
        private Map<String, String> taskEnvironment;
        private String adminToken;
        private Path workDirectory;
        private boolean queue;
        private boolean standby;
        private Duration failoverDelay;
        private AutoscalingPolicy autoscaling;
        private DeploymentConfiguration deployment;
        private EventLog events;
        private MetricStore store;

        private Builder() {
            config(PlatformConfig.defaults());
        }

        /** Starts from a whole configuration (e.g. one parsed from a game day file). */
        public Builder config(PlatformConfig c) {
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
            failoverDelay = c.failoverDelay();
            autoscaling = c.autoscaling();
            deployment = c.deployment();
            return this;
        }

        /** How many zones ({@code local-1a}, {@code local-1b}, …); default 2. */
        public Builder zones(int zones) { this.zones = zones; return this; }

        /** Desired tasks per zone; default 1. */
        public Builder tasksPerZone(int tasksPerZone) { this.tasksPerZone = tasksPerZone; return this; }

        /** The target group's health check; default {@link HealthCheck#scaledDefaults()}. */
        public Builder healthCheck(HealthCheck healthCheck) { this.healthCheck = healthCheck; return this; }

        /** Longest draining of a deregistered target; default 2 s. */
        public Builder deregistrationDelay(Duration delay) { this.deregistrationDelay = delay; return this; }

        /** SIGTERM to SIGKILL; default 5 s. */
        public Builder stopTimeout(Duration stopTimeout) { this.stopTimeout = stopTimeout; return this; }

        /** A task's drain after SIGTERM; default 2 s. */
        public Builder drainTimeout(Duration drainTimeout) { this.drainTimeout = drainTimeout; return this; }

        /** How long a task may take to be ready; default 90 s. */
        public Builder startTimeout(Duration startTimeout) { this.startTimeout = startTimeout; return this; }

        /** How long the load balancer waits for a target before {@code 504}; default 5 s. */
        public Builder targetTimeout(Duration targetTimeout) { this.targetTimeout = targetTimeout; return this; }

        /** The load balancer's port; default 0 (ephemeral). */
        public Builder listenerPort(int port) { this.listenerPort = port; return this; }

        /** Requests the load balancer handles at once; default 64. */
        public Builder loadBalancerThreads(int threads) { this.loadBalancerThreads = threads; return this; }

        /** What tasks run; default the shop ({@code dev.gameday.shop.ShopMain}). */
        public Builder taskMainClass(String mainClass) { this.taskMainClass = mainClass; return this; }

        /** JVM flags of every task; default {@link TaskDefinition#SMALL_JVM}. */
        public Builder taskJvmOptions(List<String> options) { this.taskJvmOptions = options; return this; }

        /** Extra environment of every task, e.g. {@code SHOP_SEED_PRODUCTS}. */
        public Builder taskEnvironment(Map<String, String> environment) { this.taskEnvironment = environment; return this; }

        /** The shop's admin token; default a random one. */
        public Builder adminToken(String token) { this.adminToken = token; return this; }

        /** Where task logs and the database live; default a new temporary directory. */
        public Builder workDirectory(Path directory) { this.workDirectory = directory; return this; }

        /** Whether to run the SQS queue (ElasticMQ) for the shop's fulfilment; default true. */
        public Builder queue(boolean queue) { this.queue = queue; return this; }

        /** Whether the database has a synchronous standby in the second zone; default true. */
        public Builder standby(boolean standby) { this.standby = standby; return this; }

        /** How long the writer endpoints stay dark in a database failover; default 2 s. */
        public Builder failoverDelay(Duration delay) { this.failoverDelay = delay; return this; }

        /**
         * Scales the service by target tracking ({@code null}, the default: a fixed desired count),
         * e.g. {@code AutoscalingPolicy.requestCountPerTarget(50).withCapacity(2, 6)}.
         */
        public Builder autoscaling(AutoscalingPolicy policy) { this.autoscaling = policy; return this; }

        /**
         * The service's deployment configuration; default ECS's, {@code minimumHealthyPercent} 100 and
         * {@code maximumPercent} 200: unhealthy tasks are replaced before they are stopped.
         */
        public Builder deployment(DeploymentConfiguration deployment) {
            this.deployment = Objects.requireNonNull(deployment, "deployment");
            return this;
        }

        /** The run's event log; default an in-memory one. */
        public Builder eventLog(EventLog events) { this.events = Objects.requireNonNull(events, "events"); return this; }

        /** The store metrics are recorded into; default a new one. */
        public Builder metricStore(MetricStore store) { this.store = Objects.requireNonNull(store, "store"); return this; }

        /** The configuration as built so far (validated). */
        public PlatformConfig config() {
            return new PlatformConfig(zones, tasksPerZone, healthCheck, deregistrationDelay, stopTimeout, drainTimeout,
                    startTimeout, targetTimeout, listenerPort, loadBalancerThreads, taskMainClass, taskJvmOptions,
                    taskEnvironment, adminToken, workDirectory, queue, standby, failoverDelay, autoscaling, deployment);
        }

        /** Starts the platform; returns when it is steady (every desired task running and healthy). */
        public LocalPlatform start() {
            return LocalPlatform.start(config(), events != null ? events : EventLog.inMemory(Clock.systemUTC()),
                    store != null ? store : new MetricStore());
        }
    }
}
