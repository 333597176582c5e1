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
 * <p>All lifecycle changes run on one scheduler thread, so the service's view of its tasks never
 * races with itself; stopping (which blocks for draining and the stop timeout) runs beside it.
 */
public final class ServiceScheduler implements AutoCloseable {

    private static final String SOURCE = "platform";
    /** ECS's reason for a task whose essential container exited on its own. */
    public static final String CRASHED = "Essential container in task exited";
    private static final Duration RECONCILE_EVERY = Duration.ofMillis(200);

    private final List<Zone> zones;
    private final TaskDefinition definition;
    private final TaskEnvironment environment;
    private final TargetGroup targetGroup;
    private final ZoneNetwork network;
    private final EventLog events;
    private final ScheduledExecutorService loop;
    private final ExecutorService stoppers;
    private final Map<String, Managed> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger failedLaunches = new AtomicInteger();
    private volatile int desiredCount;
    private volatile boolean steady;
    private volatile String lastFailure;
    private volatile boolean closed;

    /** One task and what the platform holds for it. */
    private static final class Managed {
        final Task task;
        final Instant launchedAt = Instant.now();
        volatile TcpForwarder ingress;
        volatile RegisteredTarget target;
        final CompletableFuture<TaskInfo> stopped = new CompletableFuture<>();

        Managed(Task task) {
            this.task = task;
        }
    }

    public ServiceScheduler(List<Zone> zones, int desiredCount, TaskDefinition definition, TaskEnvironment environment,
                            TargetGroup targetGroup, ZoneNetwork network, EventLog events) {
        this.zones = List.copyOf(zones);
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
                if (m.task.state() == TaskState.RUNNING && m.target != null
                        && m.target.health() == TargetHealth.UNHEALTHY) {
                    // ECS replaces a load-balanced task whose target fails its health checks.
                    stop(m, "Task failed ELB health checks in (target-group " + targetGroup.name() + ")");
                    continue;
                }
                if (m.task.state() == TaskState.PENDING
                        && Duration.between(m.launchedAt, Instant.now()).compareTo(definition.startTimeout()) > 0) {
                    recordFailure(m.task, "not READY within " + definition.startTimeout());
                    stop(m, "Task failed to start: not READY within " + definition.startTimeout());
                }
            }
        }
        int missing = desiredCount - active.size();
        for (int i = 0; i < missing; i++) {
            Zone zone = placement(active);
            if (zone == null) {
                break;
            }
            active.add(launch(zone));
        }
        for (int i = 0; i < -missing; i++) {
            Managed victim = scaleInVictim(active);
            active.remove(victim);
            stop(victim, "Scaling activity initiated by (deployment gameday-local/shop)");
        }
        boolean nowSteady = active.size() == desiredCount && active.stream().allMatch(m ->
                m.task.state() == TaskState.RUNNING && m.target != null && m.target.health() == TargetHealth.HEALTHY);
        if (nowSteady && !steady) {
            events.emit(SOURCE, "service.steady", Map.of("cluster", ResourceNames.CLUSTER,
                    "service", ResourceNames.SERVICE, "desired", desiredCount, "running", active.size()));
        }
        steady = nowSteady;
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

    private Managed launch(Zone zone) {
        String id = ResourceNames.hex(16);
        Task task = Task.launch(id, zone, definition, environment.forTask(id, zone));
        Managed managed = new Managed(task);
        tasks.put(id, managed);
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
        events.emit(SOURCE, "task.started", Map.of("task", task.id(), "zone", task.zone().name(),
                "pid", task.pid(), "port", port));
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
