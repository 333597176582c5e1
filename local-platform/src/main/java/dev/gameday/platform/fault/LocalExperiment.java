package dev.gameday.platform.fault;

import dev.gameday.chaos.fault.ExperimentState;
import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.resolution.ActionImpact;
import dev.gameday.chaos.resolution.BlastRadius;
import dev.gameday.chaos.resolution.Resource;
import dev.gameday.chaos.template.ExperimentAction;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.validation.LocalActions;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.task.CpuBurner;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.zone.Zone;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One experiment run by the {@link LocalFaultInjector}: its actions started in {@code startAfter}
 * order (those without a dependency at once, in parallel), each on its own thread, with FIS's
 * experiment and action states recorded as events. Every fault an action applies registers how
 * to undo it, and {@link #stop(String)} undoes what is still applied.
 */
final class LocalExperiment implements RunningExperiment {

    private static final String SOURCE = LocalFaultInjector.SOURCE;

    private final String id = "EXP" + ResourceNames.hex(9).toUpperCase();
    private final ExperimentTemplate template;
    private final BlastRadius blastRadius;
    private final Map<String, String> parameters;
    private final LocalPlatform platform;
    private final EventLog events;
    private final double durationScale;
    private final Map<String, ExperimentState> actionStates = new LinkedHashMap<>();
    private final Map<String, Thread> actionThreads = new LinkedHashMap<>();
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private ExperimentState state = ExperimentState.of(ExperimentStatus.PENDING);
    private Thread coordinator;
    private volatile String stopCondition;

    LocalExperiment(ExperimentTemplate template, BlastRadius blastRadius, Map<String, String> parameters,
                    LocalPlatform platform, double durationScale) {
        this.template = template;
        this.blastRadius = blastRadius;
        this.parameters = parameters;
        this.platform = platform;
        this.events = platform.events();
        this.durationScale = durationScale;
        template.actions().keySet().forEach(name -> actionStates.put(name, ExperimentState.of(ExperimentStatus.PENDING)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized ExperimentState state() {
        return state;
    }

    @Override
    public synchronized Map<String, ExperimentState> actionStates() {
        return Map.copyOf(actionStates);
    }

    /** Ends an experiment whose targets could not be resolved: pending, initiating, failed. */
    void failResolution(String reason) {
        setState(ExperimentStatus.PENDING, null);
        setState(ExperimentStatus.INITIATING, null);
        setState(ExperimentStatus.FAILED, reason);
    }

    /** Starts the experiment; returns once it is running. */
    void begin() {
        setState(ExperimentStatus.PENDING, null);
        setState(ExperimentStatus.INITIATING, null);
        setState(ExperimentStatus.RUNNING, null);
        template.actions().forEach((name, action) ->
                setAction(name, action, ExperimentStatus.PENDING, null, blastRadius.action(name)));
        coordinator = new Thread(this::coordinate, "experiment-" + id);
        coordinator.setDaemon(true);
        coordinator.start();
    }

    /** Starts each action once everything it starts after has completed; ends the experiment when all are final. */
    private void coordinate() {
        try {
            synchronized (this) {
                while (!state.status().isFinal() && state.status() != ExperimentStatus.STOPPING) {
                    boolean allFinal = true;
                    for (Map.Entry<String, ExperimentAction> entry : template.actions().entrySet()) {
                        String name = entry.getKey();
                        ExperimentStatus status = actionStates.get(name).status();
                        if (!status.isFinal()) {
                            allFinal = false;
                        }
                        if (status == ExperimentStatus.FAILED) {
                            failAll("action " + name + " failed: " + actionStates.get(name).reason());
                            return;
                        }
                        if (status == ExperimentStatus.PENDING && ready(entry.getValue())) {
                            startAction(name, entry.getValue());
                        }
                    }
                    if (allFinal) {
                        setState(ExperimentStatus.COMPLETED, null);
                        return;
                    }
                    wait(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean ready(ExperimentAction action) {
        for (String before : action.startAfter()) {
            ExperimentStatus status = actionStates.get(before).status();
            if (status != ExperimentStatus.COMPLETED && status != ExperimentStatus.SKIPPED) {
                return false;
            }
        }
        return true;
    }

    private void startAction(String name, ExperimentAction action) {
        ActionImpact impact = blastRadius.action(name);
        if (impact.skipped()) {
            setAction(name, action, ExperimentStatus.SKIPPED, "a target resolved to no resources", impact);
            return;
        }
        setAction(name, action, ExperimentStatus.RUNNING, null, impact);
        Thread thread = new Thread(() -> runAction(name, action, impact), "experiment-" + id + "-" + name);
        thread.setDaemon(true);
        actionThreads.put(name, thread);
        thread.start();
    }

    private void runAction(String name, ExperimentAction action, ActionImpact impact) {
        try {
            switch (action.actionId()) {
                case "aws:ecs:stop-task" -> stopTasks(impact.resources());
                case "aws:fis:wait" -> sleep(duration(action));
                case "aws:network:disrupt-connectivity" -> disruptConnectivity(action, impact.resources());
                // A failover is not undone when the experiment stops: RDS does not fail back either.
                case "aws:ecs:task-network-latency" -> TaskNetworkLatency.play(run(action, impact));
                case "aws:ecs:task-network-packet-loss" -> TaskPacketLoss.play(run(action, impact));
                case "aws:ecs:task-network-blackhole-port" -> TaskBlackholePort.play(run(action, impact));
                case "aws:ecs:task-kill-process" -> TaskKillProcess.play(run(action, impact));
                case "aws:ecs:task-io-stress" -> TaskIoStress.play(run(action, impact));
                case "aws:arc:start-zonal-autoshift" -> ZonalAutoshift.play(run(action, impact));
                case "aws:ecs:task-cpu-stress" -> taskCpuStress(action, impact.resources());
                case "aws:rds:failover-db-cluster" -> platform.database().failover("FIS experiment " + id);
                case "aws:rds:reboot-db-instances" -> rebootWithFailover(impact.resources());
                case LocalActions.KILL_DB_WRITER -> WriterKill.kill(platform.database());
                default -> throw new IllegalStateException("unsupported action " + action.actionId());
            }
            finishAction(name, action, ExperimentStatus.COMPLETED, null, impact);
        } catch (InterruptedException e) {
            // stop() interrupted us; it records the action's final state.
        } catch (RuntimeException e) {
            finishAction(name, action, ExperimentStatus.FAILED, e.getMessage(), impact);
        }
    }

    private void stopTasks(List<Resource> tasks) {
        for (Resource task : tasks) {
            String taskId = task.arn().substring(task.arn().lastIndexOf('/') + 1);
            try {
                platform.stopTask(taskId, "stopped by FIS experiment " + id);
            } catch (IllegalArgumentException alreadyGone) {
                // The task stopped between resolution and now; ECS StopTask on a stopped task is a no-op too.
            }
        }
    }

    /** The action as its own effect class plays it, with this experiment's undo register. */
    private ActionRun run(ExperimentAction action, ActionImpact impact) {
        return new ActionRun(id, action, impact.resources(), platform, duration(action), new ActionRun.Undo() {
            @Override
            public void applied(Runnable restore) {
                synchronized (LocalExperiment.this) {
                    undo.push(restore);
                }
            }

            @Override
            public void released(Runnable restore) {
                synchronized (LocalExperiment.this) {
                    undo.remove(restore);
                }
            }
        });
    }

    /**
     * Runs a CPU stressor beside each task for the duration, as FIS's stress-ng in the SSM agent
     * sidecar does: {@code workers} (default 1, a local task's one vCPU) busy {@code percent}
     * (default 100) of the time. Its CPU counts as the task's in {@code CPUUtilization}; on two
     * shared cores it also slows every other process, which is what a hot host does.
     */
    private void taskCpuStress(ExperimentAction action, List<Resource> tasks) throws InterruptedException {
        String percent = action.parameters().getOrDefault("percent", "100");
        String workers = action.parameters().getOrDefault("workers", "1");
        List<Runnable> restores = new ArrayList<>();
        for (Resource task : tasks) {
            String taskId = task.arn().substring(task.arn().lastIndexOf('/') + 1);
            try {
                Process burner = platform.service().startSidecar(taskId, CpuBurner.class.getName(),
                        List.of(percent, workers));
                Runnable restore = burner::destroyForcibly;
                restores.add(restore);
                synchronized (this) {
                    undo.push(restore);
                }
            } catch (IllegalArgumentException | IllegalStateException gone) {
                // The task stopped since the targets were resolved: nothing left to stress there.
            }
        }
        sleep(duration(action));
        synchronized (this) {
            for (Runnable restore : restores) {
                undo.remove(restore);
                restore.run();
            }
        }
    }

    private void rebootWithFailover(List<Resource> instances) {
        String writer = instances.stream().map(r -> r.attribute("AvailabilityZone"))
                .filter(zone -> zone.equals(platform.database().writerZone().name())).findFirst().orElse(null);
        if (writer == null) {
            throw new IllegalStateException("aws:rds:reboot-db-instances targets only the standby; the local platform"
                    + " reboots the writer instance, with forceFailover");
        }
        platform.database().failover("FIS experiment " + id + " (reboot with failover)");
    }

    private void disruptConnectivity(ExperimentAction action, List<Resource> subnets) throws InterruptedException {
        String scope = action.parameters().getOrDefault("scope", "all");
        if (!scope.equals("all") && !scope.equals("availability-zone")) {
            throw new IllegalArgumentException("aws:network:disrupt-connectivity scope '" + scope
                    + "' is not supported locally; supported: all, availability-zone");
        }
        List<Zone> zones = new ArrayList<>();
        List<Runnable> restores = new ArrayList<>();
        for (Resource subnet : subnets) {
            zones.add(new Zone(subnet.attribute("AvailabilityZone")));
        }
        for (Zone zone : zones) {
            Runnable restore = () -> {
                if (platform.network().isImpaired(zone)) {
                    platform.network().restore(zone);
                    events.emit("platform", "zone.restored", Map.of("zone", zone.name(), "experiment", id));
                }
            };
            restores.add(restore);
            synchronized (this) {
                undo.push(restore);
            }
            platform.network().impair(zone);
            events.emit("platform", "zone.impaired", Map.of("zone", zone.name(), "experiment", id, "scope", scope));
        }
        sleep(duration(action));
        synchronized (this) {
            for (Runnable restore : restores) {
                undo.remove(restore);
                restore.run();
            }
        }
    }

    private Duration duration(ExperimentAction action) {
        String text = action.parameters().get("duration");
        if (text == null) {
            return Duration.ZERO;
        }
        Duration written = Duration.parse(text);
        return Duration.ofNanos((long) (written.toNanos() * durationScale));
    }

    private static void sleep(Duration duration) throws InterruptedException {
        // An action's duration is what it is for; stop() ends it early by interrupting.
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    /** Stopped by one of its stop conditions, as FIS stops it; {@code which} names it (e.g. the alarm). */
    void stopByStopCondition(String which) {
        stopCondition = which;
        stop(STOPPED_BY_STOP_CONDITION);
    }

    @Override
    public Optional<String> stopCondition() {
        return Optional.ofNullable(stopCondition);
    }

    @Override
    public void stop(String reason) {
        List<Thread> running;
        synchronized (this) {
            if (state.status().isFinal() || state.status() == ExperimentStatus.STOPPING) {
                return;
            }
            setState(ExperimentStatus.STOPPING, reason);
            running = new ArrayList<>(actionThreads.values());
        }
        running.forEach(Thread::interrupt);
        for (Thread t : running) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException e) {
                    events.emit(SOURCE, "experiment.warning", Map.of("experiment", id,
                            "message", "could not undo a fault: " + e));
                }
            }
            for (Map.Entry<String, ExperimentAction> entry : template.actions().entrySet()) {
                ExperimentStatus status = actionStates.get(entry.getKey()).status();
                if (status == ExperimentStatus.RUNNING) {
                    setAction(entry.getKey(), entry.getValue(), ExperimentStatus.STOPPED, reason, blastRadius.action(entry.getKey()));
                } else if (status == ExperimentStatus.PENDING) {
                    setAction(entry.getKey(), entry.getValue(), ExperimentStatus.CANCELLED, reason, blastRadius.action(entry.getKey()));
                }
            }
            setState(ExperimentStatus.STOPPED, reason);
            notifyAll();
        }
    }

    private synchronized void finishAction(String name, ExperimentAction action, ExperimentStatus status, String reason,
                                           ActionImpact impact) {
        if (state.status() == ExperimentStatus.STOPPING || state.status().isFinal()) {
            return;
        }
        setAction(name, action, status, reason, impact);
        notifyAll();
    }

    private void failAll(String reason) {
        List<Thread> running = new ArrayList<>(actionThreads.values());
        running.forEach(Thread::interrupt);
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
        template.actions().forEach((name, action) -> {
            ExperimentStatus status = actionStates.get(name).status();
            if (status == ExperimentStatus.RUNNING) {
                setAction(name, action, ExperimentStatus.STOPPED, reason, blastRadius.action(name));
            } else if (status == ExperimentStatus.PENDING) {
                setAction(name, action, ExperimentStatus.CANCELLED, reason, blastRadius.action(name));
            }
        });
        setState(ExperimentStatus.FAILED, reason);
    }

    private synchronized void setState(ExperimentStatus status, String reason) {
        state = new ExperimentState(status, reason);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("experiment", id);
        attrs.put("template", template.name());
        attrs.put("state", status.fisName());
        attrs.put("reason", reason);
        events.emit(SOURCE, "experiment.state", attrs);
    }

    private synchronized void setAction(String name, ExperimentAction action, ExperimentStatus status, String reason,
                                        ActionImpact impact) {
        actionStates.put(name, new ExperimentState(status, reason));
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("experiment", id);
        attrs.put("action", name);
        attrs.put("actionId", action.actionId());
        attrs.put("state", status.fisName());
        attrs.put("targets", impact.resources().stream().map(Resource::arn).collect(Collectors.joining(",")));
        attrs.put("reason", reason);
        events.emit(SOURCE, "action.state", attrs);
    }

    /** The parameters the game day filled the template with (kept for reports). */
    Map<String, String> parameters() {
        return parameters;
    }
}
