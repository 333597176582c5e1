package dev.gameday.platform;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.platform.autoscaling.AutoscalingPolicy;
import dev.gameday.platform.autoscaling.TargetTrackingScaler;
import dev.gameday.platform.database.Database;
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
import dev.gameday.platform.service.ServiceScheduler;
import dev.gameday.platform.task.TaskDefinition;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.zone.Zone;
import dev.gameday.shop.ShopConfig;

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

    /** A builder with every setting at its default ({@link PlatformConfig#defaults()}). */
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
                    config.database(), events);
            closeables.add(0, database);
        } finally {
            queue = joinQueue(queueStart);
            if (queue != null) {
                closeables.add(0, queue);
                events.emit(SOURCE, "queue.ready", Map.of("queue", PlatformConfig.QUEUE_NAME));
            }
        }

        PlatformMetrics metrics = new PlatformMetrics(store, names);
        targetGroup = new TargetGroup(names.targetGroup(), config.healthCheck(), config.deregistrationDelay(), events);
        loadBalancer = LoadBalancer.start(config.listenerPort(), config.loadBalancerThreads(), config.targetTimeout(),
                targetGroup, metrics, zones);
        closeables.add(0, loadBalancer);
        events.emit(SOURCE, "loadbalancer.ready", Map.of("loadBalancer", names.loadBalancer()));

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

        if (config.database().kind().readable()) {
            // Readers before tasks, as a stack creates the DB cluster before the service that reads from
            // it: the shop's pools connect once, through the reader endpoint, and keep their connections.
            // A task started before the readers would hold the writer (the endpoint's fallback) for good.
            database.awaitStandby(Duration.ofSeconds(60));
        }
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
        // Ready means settled: steady, and no task of a replacement or a move still draining.
        while (!service.isSteady() || service.tasks().size() != service.desiredCount()) {
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
        env.put(ShopConfig.SHOP_PORT, "0");
        // The shop's default too; said here because a task on a shared host must never listen beyond it.
        env.put(ShopConfig.SHOP_BIND_ADDRESS, ShopConfig.LOOPBACK);
        env.put(ShopConfig.SHOP_DB_URL, database.writerUrl(zone));
        env.put(ShopConfig.SHOP_DB_USER, database.user());
        env.put(ShopConfig.SHOP_DB_PASSWORD, database.password());
        // A Multi-AZ DB cluster or Aurora also has a reader endpoint: the shop browses through it.
        database.readerUrl(zone).ifPresent(url -> env.put(ShopConfig.SHOP_DB_READER_URL, url));
        env.put(ShopConfig.SHOP_ZONE, zone.name());
        env.put(ShopConfig.SHOP_TASK_ID, taskId);
        env.put(ShopConfig.SHOP_DRAIN_TIMEOUT, config.drainTimeout().toString());
        env.put(ShopConfig.SHOP_ADMIN_TOKEN, adminToken);
        // The task exits when its stdin closes: that is how it dies with the harness.
        env.put(ShopConfig.SHOP_WATCH_STDIN, "true");
        if (queue != null) {
            env.put(ShopConfig.SHOP_QUEUE_URL, queue.url(zone));
            env.put(ShopConfig.SHOP_SQS_ENDPOINT, queue.endpoint(zone).toString());
            env.put(ShopConfig.SHOP_SQS_REGION, Queue.SIGNING_REGION);
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
        metrics.databaseStandbys(Database.CLUSTER_ID, database.standbyCount(), now);
        metrics.databaseReaders(Database.CLUSTER_ID, database.readerCount(), now);
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
     * Fluent configuration of a {@link LocalPlatform}: the settings of {@link PlatformConfig.Builder}, each
     * with its default, plus where the platform records; {@link #start()} returns a ready platform.
     */
    public static final class Builder extends PlatformConfig.Builder<Builder> {
        private EventLog events;
        private MetricStore store;

        private Builder() {
        }

        /** The run's event log; default an in-memory one. */
        public Builder eventLog(EventLog events) { this.events = Objects.requireNonNull(events, "events"); return this; }

        /** The store metrics are recorded into; default a new one. */
        public Builder metricStore(MetricStore store) { this.store = Objects.requireNonNull(store, "store"); return this; }

        /** Starts the platform; returns when it is steady (every desired task running and healthy). */
        public LocalPlatform start() {
            return LocalPlatform.start(config(), events != null ? events : EventLog.inMemory(Clock.systemUTC()),
                    store != null ? store : new MetricStore());
        }
    }
}
