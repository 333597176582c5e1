package dev.gameday.platform.service;

import dev.gameday.core.event.EventLog;
import dev.gameday.platform.loadbalancer.RegisteredTarget;
import dev.gameday.platform.loadbalancer.TargetGroup;
import dev.gameday.platform.loadbalancer.TargetHealth;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.network.TcpForwarder;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.task.Task;
import dev.gameday.platform.task.TaskDefinition;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.task.TaskState;
import dev.gameday.platform.zone.Zone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;

/**
 * The ECS service scheduler of the shop service: keeps the desired count of tasks running,
 * spread across the zones that are available (the zone with fewest tasks gets the next one),
 * registers each ready task with the target group, replaces a task that stopped or crashed, and
 * stops tasks the way ECS does — deregister and drain, SIGTERM, SIGKILL after the stop timeout.
 *
 * <p>A task whose target fails the load balancer's health checks is replaced the way ECS has done
 * since October 2023: a replacement starts first (within the {@link DeploymentConfiguration}'s
 * {@code maximumPercent}), and the unhealthy task is stopped only once its replacement is a healthy
 * target. Without headroom, unhealthy tasks are stopped one by one, only while the running count
 * stays at or above {@code minimumHealthyPercent}. So health checks that fail everywhere at once
 * (an overloaded host) never make the scheduler stop the whole service.
 *
 * <p>The service rebalances across zones as ECS services created since June 2025 do by default
 * (Availability Zone rebalancing): once every task is a healthy target, a service whose zones
 * differ by more than one task starts a task in the available zone with fewest, and stops the
 * newest task of the fullest zone once that one is a healthy target — one move at a time, within
 * {@code maximumPercent}. So tasks replaced elsewhere during a zone outage return to the zone
 * once it is healthy again.
 *
 * <p>All lifecycle changes run on one scheduler thread, so the service's view of its tasks never
 * races with itself; stopping (which blocks for draining and the stop timeout) runs beside it.
 */
public final class ServiceScheduler implements AutoCloseable {

    private static final String SOURCE = "platform";
    /** ECS's reason for a task whose essential container exited on its own. */
    public static final String CRASHED = "Essential container in task exited";
    /** Why AZ rebalancing stopped a task (ECS's service event says "to AZ Rebalance"). */
    public static final String REBALANCED = "Stopped by Availability Zone rebalancing";
    private static final Duration RECONCILE_EVERY = Duration.ofMillis(200);

    private final List<Zone> zones;
    private final TaskDefinition definition;
    private final TaskEnvironment environment;
    private final TargetGroup targetGroup;
    private final ZoneNetwork network;
    private final DeploymentConfiguration deployment;
    private final EventLog events;
    private final ScheduledExecutorService loop;
    private final ExecutorService stoppers;
    private final Map<String, Managed> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger failedLaunches = new AtomicInteger();
    private volatile int desiredCount;
    private volatile boolean steady;
    private volatile String lastFailure;
    private volatile boolean closed;
    private volatile boolean rebalancing;

    /** One task and what the platform holds for it. */
    private static final class Managed {
        final Task task;
        final Instant launchedAt = Instant.now();
        volatile TcpForwarder ingress;
        volatile RegisteredTarget target;
        /** Set once its target failed health checks: the task is to be replaced, then stopped. */
        volatile boolean unhealthy;
        /** The task started to replace this unhealthy one, if any. */
        volatile Managed replacement;
        /** The unhealthy task this one was started to replace, if any. */
        volatile Managed replacing;
        /** Set while AZ rebalancing moves this healthy task: stopped once its replacement is healthy. */
        volatile boolean moving;
        final CompletableFuture<TaskInfo> stopped = new CompletableFuture<>();

        Managed(Task task) {
            this.task = task;
        }
    }

    public ServiceScheduler(List<Zone> zones, int desiredCount, TaskDefinition definition, TaskEnvironment environment,
                            TargetGroup targetGroup, ZoneNetwork network, EventLog events) {
        this(zones, desiredCount, definition, environment, targetGroup, network, DeploymentConfiguration.defaults(), events);
    }

    /**
     * @param deployment how far above and below the desired count the scheduler may go while it
     *                   replaces unhealthy tasks
     */
    public ServiceScheduler(List<Zone> zones, int desiredCount, TaskDefinition definition, TaskEnvironment environment,
                            TargetGroup targetGroup, ZoneNetwork network, DeploymentConfiguration deployment,
                            EventLog events) {
        this.zones = List.copyOf(zones);
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.definition = Objects.requireNonNull(definition, "definition");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.targetGroup = Objects.requireNonNull(targetGroup, "targetGroup");
        this.network = Objects.requireNonNull(network, "network");
        this.events = Objects.requireNonNull(events, "events");
        setDesiredCount(desiredCount);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "service-scheduler"));
        AtomicInteger n = new AtomicInteger();
        this.stoppers = Executors.newCachedThreadPool(r -> daemon(r, "task-stopper-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts reconciling: launches the desired tasks and keeps them there. */
    public void start() {
        loop.scheduleWithFixedDelay(this::reconcileSafely, 0, RECONCILE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Changes the desired count; the scheduler launches or stops tasks to match. */
    public void setDesiredCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("desired count must not be negative, was " + count);
        }
        this.desiredCount = count;
    }

    public int desiredCount() {
        return desiredCount;
    }

    /** The service's deployment configuration (minimum healthy and maximum percent). */
    public DeploymentConfiguration deployment() {
        return deployment;
    }

    /** Snapshots of the tasks the service holds (not yet stopped), in launch order. */
    public List<TaskInfo> tasks() {
        return tasks.values().stream()
                .sorted(Comparator.comparing(m -> m.launchedAt))
                .map(m -> m.task.info())
                .toList();
    }

    /**
     * The network edge in front of a task (load balancer → task), for faults that act on one
     * task's traffic; empty when the task is unknown or not ready.
     */
    public Optional<TcpForwarder> ingress(String taskId) {
        Managed managed = tasks.get(taskId);
        return managed == null ? Optional.empty() : Optional.ofNullable(managed.ingress);
    }

    /**
     * Starts a sidecar process in a task (see {@link Task#startSidecar}); it stops with the task.
     *
     * @throws IllegalArgumentException when the service holds no such task
     */
    public Process startSidecar(String taskId, String mainClass, List<String> args) {
        Managed managed = tasks.get(taskId);
        if (managed == null) {
            throw new IllegalArgumentException("no task " + taskId + " in service; tasks: " + tasks.keySet());
        }
        return managed.task.startSidecar(mainClass, args);
    }

    /** Tasks whose last status is RUNNING. */
    public int runningCount() {
        return (int) tasks.values().stream().filter(m -> m.task.state() == TaskState.RUNNING).count();
    }

    /** Tasks launched and not yet ready. */
    public int pendingCount() {
        return (int) tasks.values().stream().filter(m -> m.task.state() == TaskState.PENDING).count();
    }

    /** Whether the desired count of tasks is running and every one of them is a healthy target. */
    public boolean isSteady() {
        return steady;
    }

    /** How many tasks exited or failed before they were ready, since the service started. */
    public int failedLaunches() {
        return failedLaunches.get();
    }

    /** What went wrong with the last task that failed to start, or {@code null}. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Stops one task as ECS {@code StopTask} does; the service then replaces it. The future
     * completes when the process has exited.
     *
     * @throws IllegalArgumentException when the service holds no such task
     */
    public CompletableFuture<TaskInfo> stopTask(String taskId, String reason) {
        Managed managed = tasks.get(taskId);
        if (managed == null) {
            throw new IllegalArgumentException("no task " + taskId + " in service; tasks: " + tasks.keySet());
        }
        stop(managed, reason);
        return managed.stopped;
    }

    private void stop(Managed managed, String reason) {
        Task task = managed.task;
        if (!task.requestStop(reason)) {
            return;
        }
        events.emit(SOURCE, "task.stopping", Map.of("task", task.id(), "zone", task.zone().name(), "reason", reason));
        stoppers.execute(() -> {
            RegisteredTarget target = managed.target;
            if (target != null) {
                // ECS drains the target before it signals the container, so in-flight requests finish.
                targetGroup.deregister(target).join();
            }
            task.terminate(definition.stopTimeout());
        });
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            lastFailure = "scheduler error: " + e;
        }
    }

    private synchronized void reconcile() {
        if (closed) {
            return;
        }
        List<Managed> active = new ArrayList<>();
        for (Managed m : tasks.values()) {
            if (m.task.stopReason() == null && m.task.state() != TaskState.STOPPED) {
                active.add(m);
                Managed replaced = m.replacing;
                if (replaced != null && (replaced.task.stopReason() != null || replaced.task.state() == TaskState.STOPPED)) {
                    // Its work is done: the task it replaced (or moved) is gone.
                    m.replacing = null;
                }
                if (m.task.state() == TaskState.RUNNING && m.target != null && !m.unhealthy
                        && m.target.health() == TargetHealth.UNHEALTHY) {
                    // Marked for replacement; it keeps serving (the load balancer decides) until then.
                    m.unhealthy = true;
                }
                if (m.task.state() == TaskState.PENDING
                        && Duration.between(m.launchedAt, Instant.now()).compareTo(definition.startTimeout()) > 0) {
                    recordFailure(m.task, "not READY within " + definition.startTimeout());
                    stop(m, "Task failed to start: not READY within " + definition.startTimeout());
                    active.remove(m);
                }
            }
        }
        replaceUnhealthy(active);
        // A task started by AZ rebalancing is not counted until the task it moves has stopped.
        List<Managed> keep = new ArrayList<>(active.stream()
                .filter(m -> !m.unhealthy && !(m.replacing != null && m.replacing.moving)).toList());
        List<Managed> awaiting = new ArrayList<>(active.stream()
                .filter(m -> m.unhealthy && m.replacement == null)
                .sorted(Comparator.comparing(m -> m.launchedAt)).toList());
        int missing = desiredCount - keep.size();
        int launched = 0;
        for (; launched < missing && active.size() < deployment.maximumTasks(desiredCount); launched++) {
            // Placed as if the unhealthy tasks were gone already: the replacement fills their gap.
            Zone zone = placement(keep);
            if (zone == null) {
                break;
            }
            Managed task = launch(zone, awaiting.isEmpty() ? null : awaiting.remove(0));
            active.add(task);
            keep.add(task);
        }
        if (missing <= 0) {
            // Enough tasks without them: unhealthy tasks nobody is replacing are surplus.
            awaiting.forEach(m -> stop(m, failedHealthChecks(m)));
        } else if (launched < missing && !awaiting.isEmpty() && noneStopping()) {
            // No headroom under maximumPercent: free a slot, one task at a time, within minimumHealthyPercent.
            long running = active.stream().filter(m -> m.task.state() == TaskState.RUNNING).count();
            if (running - 1 >= deployment.minimumRunning(desiredCount)) {
                stop(awaiting.get(0), failedHealthChecks(awaiting.get(0)));
            }
        }
        for (int i = 0; i < -missing; i++) {
            Managed victim = scaleInVictim(keep);
            keep.remove(victim);
            active.remove(victim);
            stop(victim, "Scaling activity initiated by (deployment gameday-local/shop)");
        }
        if (missing == 0 && awaiting.isEmpty()) {
            rebalance(active);
        }
        boolean nowSteady = active.size() == desiredCount && active.stream().allMatch(m -> !m.unhealthy
                && m.task.state() == TaskState.RUNNING && m.target != null && m.target.health() == TargetHealth.HEALTHY);
        if (nowSteady && !steady) {
            events.emit(SOURCE, "service.steady", Map.of("cluster", ResourceNames.CLUSTER,
                    "service", ResourceNames.SERVICE, "desired", desiredCount, "running", active.size()));
        }
        steady = nowSteady;
    }

    /**
     * Stops each unhealthy task whose replacement is now a healthy target, and forgets replacements
     * that will not get there (stopped, or unhealthy themselves) so another one is started.
     */
    private void replaceUnhealthy(List<Managed> active) {
        for (Managed m : List.copyOf(active)) {
            Managed replacement = m.replacement;
            if (!(m.unhealthy || m.moving) || replacement == null) {
                continue;
            }
            if (replacement.task.stopReason() != null || replacement.task.state() == TaskState.STOPPED
                    || replacement.unhealthy) {
                m.replacement = null;
                m.moving = false;
                replacement.replacing = null;
            } else if (replacement.task.state() == TaskState.RUNNING && replacement.target != null
                    && replacement.target.health() == TargetHealth.HEALTHY) {
                // From now on the replacement counts as one of the service's own tasks.
                replacement.replacing = null;
                stop(m, m.unhealthy ? failedHealthChecks(m) : REBALANCED);
                active.remove(m);
            }
        }
    }

    /** ECS's stop reason for a load-balanced task that failed its target group's health checks. */
    private String failedHealthChecks(Managed m) {
        return "(service " + ResourceNames.SERVICE + ") task " + m.task.id()
                + " failed ELB health checks in (target-group " + targetGroup.name() + ")";
    }

    private boolean noneStopping() {
        return tasks.values().stream().noneMatch(m -> m.task.state() == TaskState.STOPPING);
    }

    /**
     * ECS Availability Zone rebalancing, one move at a time: only when every task is a healthy
     * target and no move is under way, a task starts in the available zone with fewest tasks when
     * the fullest zone has at least two more; its counterpart in the fullest zone is stopped by
     * {@link #replaceUnhealthy} once the new task is healthy.
     */
    private void rebalance(List<Managed> active) {
        boolean settled = active.stream().allMatch(m -> m.replacement == null && m.replacing == null
                && m.task.state() == TaskState.RUNNING && m.target != null
                && m.target.health() == TargetHealth.HEALTHY);
        if (!settled || active.isEmpty()) {
            return;
        }
        Zone fewest = placement(active);
        Map<Zone, Long> perZone = perZone(active);
        Map.Entry<Zone, Long> fullest = perZone.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        long fewestCount = fewest == null ? 0 : perZone.getOrDefault(fewest, 0L);
        if (fewest == null || fullest.getValue() - fewestCount <= 1) {
            if (rebalancing) {
                rebalancing = false;
                events.emit(SOURCE, "service.rebalancing.completed", rebalancingAttrs(perZone));
            }
            return;
        }
        if (active.size() >= deployment.maximumTasks(desiredCount)) {
            return;
        }
        if (!rebalancing) {
            rebalancing = true;
            events.emit(SOURCE, "service.rebalancing.started", rebalancingAttrs(perZone));
        }
        Managed victim = active.stream().filter(m -> m.task.zone().equals(fullest.getKey()))
                .max(Comparator.comparing(m -> m.launchedAt)).orElseThrow();
        victim.moving = true;
        active.add(launch(fewest, victim));
    }

    private Map<String, Object> rebalancingAttrs(Map<Zone, Long> perZone) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("cluster", ResourceNames.CLUSTER);
        attrs.put("service", ResourceNames.SERVICE);
        perZone.forEach((zone, count) -> attrs.put(zone.name(), count));
        return attrs;
    }

    /** Tasks per zone, every zone of the service listed (zero where it has none), in zone order. */
    private Map<Zone, Long> perZone(List<Managed> active) {
        Map<Zone, Long> perZone = new LinkedHashMap<>();
        zones.forEach(zone -> perZone.put(zone, 0L));
        active.forEach(m -> perZone.merge(m.task.zone(), 1L, Long::sum));
        return perZone;
    }

    /** ECS's AZ-balanced spread: the available zone with the fewest tasks, ties in zone order. */
    private Zone placement(List<Managed> active) {
        Zone best = null;
        long bestCount = Long.MAX_VALUE;
        for (Zone zone : zones) {
            if (network.isImpaired(zone)) {
                continue;
            }
            long count = active.stream().filter(m -> m.task.zone().equals(zone)).count();
            if (count < bestCount) {
                best = zone;
                bestCount = count;
            }
        }
        return best;
    }

    /** Scale-in takes from the zone with most tasks, newest first (keeps the spread even). */
    private Managed scaleInVictim(List<Managed> active) {
        Map<Zone, Long> perZone = new LinkedHashMap<>();
        active.forEach(m -> perZone.merge(m.task.zone(), 1L, Long::sum));
        Zone fullest = perZone.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return active.stream().filter(m -> m.task.zone().equals(fullest))
                .max(Comparator.comparing(m -> m.launchedAt)).orElseThrow();
    }

    /** Launches a task in {@code zone}; {@code replacing} is the unhealthy task it replaces, or {@code null}. */
    private Managed launch(Zone zone, Managed replacing) {
        String id = ResourceNames.hex(16);
        Task task = Task.launch(id, zone, definition, environment.forTask(id, zone));
        Managed managed = new Managed(task);
        if (replacing != null) {
            managed.replacing = replacing;
            replacing.replacement = managed;
        }
        tasks.put(id, managed);
        // Its JVM is starting: task.started follows when it is ready (the gap is the task's start-up time).
        events.emit(SOURCE, "task.launched", Map.of("task", id, "zone", zone.name(), "pid", task.pid()));
        task.ready().whenComplete((port, error) -> {
            if (error == null) {
                loop.execute(() -> onReady(managed, port));
            }
        });
        task.exited().thenAccept(code -> loop.execute(() -> onExit(managed, code)));
        return managed;
    }

    private void onReady(Managed managed, int port) {
        Task task = managed.task;
        if (task.stopReason() != null || !task.isAlive() || closed) {
            return;
        }
        // The load balancer reaches the task through its zone's edge, so a zone fault cuts it too.
        managed.ingress = network.open("task-" + task.id(), task.zone(), new InetSocketAddress("127.0.0.1", port));
        managed.target = targetGroup.register(task.id(), task.zone(), managed.ingress.port());
        task.markRunning();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("task", task.id());
        attrs.put("zone", task.zone().name());
        attrs.put("pid", task.pid());
        attrs.put("port", port);
        Managed replacing = managed.replacing;
        if (replacing != null) {
            attrs.put("reason", (replacing.moving ? "AZ rebalancing, moves task " : "replacement for unhealthy task ")
                    + replacing.task.id());
        }
        events.emit(SOURCE, "task.started", attrs);
    }

    private void onExit(Managed managed, int exitCode) {
        Task task = managed.task;
        boolean wasReady = task.state() == TaskState.RUNNING || managed.target != null;
        String reason = task.stopReason() != null ? task.stopReason() : CRASHED;
        if (task.stopReason() == null && !wasReady) {
            recordFailure(task, "exited with code " + exitCode + " before it was ready");
        }
        if (managed.target != null) {
            targetGroup.remove(managed.target);
        }
        if (managed.ingress != null) {
            network.close(managed.ingress);
        }
        task.markStopped();
        tasks.remove(task.id(), managed);
        if (!closed) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("task", task.id());
            attrs.put("zone", task.zone().name());
            attrs.put("exitCode", exitCode);
            attrs.put("reason", reason);
            events.emit(SOURCE, "task.stopped", attrs);
        }
        managed.stopped.complete(task.info());
        reconcileSafely();
    }

    private void recordFailure(Task task, String what) {
        failedLaunches.incrementAndGet();
        lastFailure = "task " + task.id() + " in " + task.zone() + " " + what + "; log " + task.logFile()
                + tail(task);
    }

    private static String tail(Task task) {
        try {
            List<String> lines = Files.readAllLines(task.logFile());
            return ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Stops every task: SIGTERM to all at once, SIGKILL to those still alive after the stop
     * timeout. No draining — the platform is going away.
     */
    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        List<Managed> all = List.copyOf(tasks.values());
        // Once per machine and build, a task writes the classes it loaded for later tasks to share.
        all.forEach(m -> m.task.archiveClasses());
        List<CompletableFuture<Integer>> exits = new ArrayList<>();
        for (Managed m : all) {
            m.task.requestStop("platform shutting down");
            exits.add(CompletableFuture.supplyAsync(() -> m.task.terminate(definition.stopTimeout()), stoppers));
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(definition.stopTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            all.forEach(m -> m.task.kill());
        }
        for (Managed m : all) {
            if (m.ingress != null) {
                network.close(m.ingress);
            }
        }
        stoppers.shutdownNow();
    }
}
