package dev.gameday.aws.inject;

import dev.gameday.aws.fis.Harness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shopper injectors as ECS tasks: one stand-alone Fargate {@code RunTask} per injector — not a
 * service, so ECS neither rebalances nor replaces them — in the subnet of its zone, with its spec
 * in the container's environment ({@code GAMEDAY_INJECTOR_SPEC}, a {@code containerOverrides}
 * entry), tagged with the run and the injector. {@link #close()} stops every task it started
 * ({@code StopTask}), so every exit path of a run — its end, a failure, Ctrl-C — leaves none behind.
 *
 * <p>The {@code aws} target owns one per run ({@code AwsTarget.injectorTasks()}) and closes it with
 * itself, after the fleet that launched the tasks has stopped them.
 */
public final class EcsInjectorTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EcsInjectorTasks.class);
    /** The environment variable the spec travels in (the injector's {@code InjectorSpec.ENVIRONMENT}). */
    public static final String SPEC_VARIABLE = "GAMEDAY_INJECTOR_SPEC";
    /** ECS refuses {@code overrides} longer than this (characters of their JSON form). */
    static final int MAX_OVERRIDES = 8_192;
    /** ECS's limit on {@code startedBy}: letters, digits, hyphens and underscores. */
    private static final int MAX_STARTED_BY = 128;

    private final EcsClient ecs;
    private final Placement placement;
    private final String startedBy;
    private final String runId;
    private final List<Tag> harnessTags = new ArrayList<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();

    /** A task as {@code DescribeTasks} reports it: what tells a stopped injector from a running one. */
    public record TaskState(String arn, String lastStatus, String stoppedReason, Integer exitCode) {

        /** Whether ECS reports the task stopped (or gone). */
        public boolean isStopped() {
            return "STOPPED".equals(lastStatus) || "DELETED".equals(lastStatus) || "MISSING".equals(lastStatus);
        }
    }

    /**
     * Where injector tasks run.
     *
     * @param cluster        the cluster (name or ARN)
     * @param taskDefinition the injector's task definition ({@code family} or {@code family:revision})
     * @param container      the container whose environment carries the spec
     * @param subnetByZone   one subnet per Availability Zone the injectors spread over
     * @param securityGroups the tasks' security groups
     * @param publicIp       whether tasks get a public IP (a public subnet without a NAT gateway)
     */
    public record Placement(String cluster, String taskDefinition, String container, Map<String, String> subnetByZone,
                            List<String> securityGroups, boolean publicIp) {
        public Placement {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(taskDefinition, "taskDefinition");
            Objects.requireNonNull(container, "container");
            subnetByZone = Map.copyOf(subnetByZone);
            securityGroups = List.copyOf(securityGroups);
            if (subnetByZone.isEmpty()) {
                throw new IllegalArgumentException("injector placement needs at least one subnet");
            }
        }
    }

    public EcsInjectorTasks(EcsClient ecs, Placement placement, String runId) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.runId = Objects.requireNonNull(runId, "runId");
        // Who started the task (host, pid, process start): a later run on this host stops it if this one died.
        Harness.current(runId).tags(java.time.Instant.now()).forEach((key, value) -> {
            if (!key.equals(Harness.RUN_ID_TAG) && !key.equals(Harness.HEARTBEAT_TAG)) {
                harnessTags.add(Tag.builder().key(key).value(value).build());
            }
        });
        String tag = ("gameday-" + runId).replaceAll("[^A-Za-z0-9_-]", "-");
        this.startedBy = tag.length() > MAX_STARTED_BY ? tag.substring(0, MAX_STARTED_BY) : tag;
    }

    /**
     * Starts injector {@code id} in {@code zone} with {@code specJson}.
     *
     * @return the task's ARN
     * @throws IllegalArgumentException when the zone has no subnet, or the spec is too long for an override
     * @throws IllegalStateException    when ECS starts no task (its failure reason named)
     */
    public String launch(String id, String zone, String specJson) {
        String subnet = placement.subnetByZone().get(zone);
        if (subnet == null) {
            throw new IllegalArgumentException("injector " + id + ": no subnet for zone " + zone + " (have "
                    + placement.subnetByZone().keySet() + ")");
        }
        if (specJson.length() + 200 > MAX_OVERRIDES) {
            throw new IllegalArgumentException("injector " + id + ": its spec (" + specJson.length()
                    + " characters) does not fit ECS's " + MAX_OVERRIDES + "-character overrides");
        }
        RunTaskResponse reply = ecs.runTask(r -> r
                .cluster(placement.cluster())
                .taskDefinition(placement.taskDefinition())
                .count(1)
                .launchType(LaunchType.FARGATE)
                .startedBy(startedBy)
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(subnet)
                        .securityGroups(placement.securityGroups())
                        .assignPublicIp(placement.publicIp() ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED)
                        .build()).build())
                .overrides(TaskOverride.builder().containerOverrides(ContainerOverride.builder()
                        .name(placement.container())
                        .environment(KeyValuePair.builder().name(SPEC_VARIABLE).value(specJson).build())
                        .build()).build())
                .tags(tags(id)));
        if (!reply.hasTasks() || reply.tasks().isEmpty()) {
            List<String> reasons = new ArrayList<>();
            for (Failure f : reply.failures()) {
                reasons.add(f.reason() + (f.detail() != null ? " (" + f.detail() + ")" : ""));
            }
            throw new IllegalStateException("ECS started no task for injector " + id + " in " + zone + ": "
                    + (reasons.isEmpty() ? "no reason given" : String.join("; ", reasons)));
        }
        String arn = reply.tasks().get(0).taskArn();
        started.add(arn);
        return arn;
    }

    /** The run's and the injector's tags first, then the harness's. */
    private List<Tag> tags(String id) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.builder().key(InjectorExclusion.RUN_TAG).value(runId).build());
        tags.add(Tag.builder().key(InjectorExclusion.INJECTOR_TAG).value(id).build());
        tags.addAll(harnessTags);
        return tags;
    }

    /** The ARNs of the tasks started so far. */
    public List<String> taskArns() {
        return List.copyOf(started);
    }

    /**
     * Stops one task ({@code StopTask}: SIGTERM, the injector sends its files, then SIGKILL after the
     * task definition's {@code stopTimeout}), once: a task already stopped by this object is not asked again.
     */
    public void stop(String arn, String reason) {
        if (!started.contains(arn) || !stopped.add(arn)) {
            return;
        }
        String why = reason.length() > 255 ? reason.substring(0, 255) : reason;
        try {
            ecs.stopTask(r -> r.cluster(placement.cluster()).task(arn).reason(why));
        } catch (RuntimeException e) {
            LOG.warn("StopTask {} failed: {} — stop it by hand", arn, e.toString());
        }
    }

    /** Stops every task started and not stopped yet. */
    public void stopAll(String reason) {
        for (String arn : started) {
            stop(arn, reason);
        }
    }

    /**
     * What ECS says of the given tasks ({@code DescribeTasks}, by 100); a task ECS no longer knows is
     * reported {@code MISSING}.
     */
    public Map<String, TaskState> describe(List<String> arns) {
        Map<String, TaskState> out = new LinkedHashMap<>();
        for (int from = 0; from < arns.size(); from += 100) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
            DescribeTasksResponse reply = ecs.describeTasks(r -> r.cluster(placement.cluster()).tasks(batch));
            for (Task task : reply.tasks()) {
                Integer exitCode = task.containers().stream().filter(c -> placement.container().equals(c.name()))
                        .map(Container::exitCode).filter(Objects::nonNull).findFirst().orElse(null);
                out.put(task.taskArn(), new TaskState(task.taskArn(), task.lastStatus(), task.stoppedReason(), exitCode));
            }
            for (Failure failure : reply.failures()) {
                out.putIfAbsent(failure.arn(), new TaskState(failure.arn(), "MISSING", failure.reason(), null));
            }
        }
        return out;
    }

    @Override
    public void close() {
        stopAll("gameday run " + runId + " ended");
    }
}
