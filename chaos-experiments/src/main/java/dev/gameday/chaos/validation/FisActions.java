package dev.gameday.chaos.validation;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The FIS actions and target resource types the harness knows, after the FIS actions reference.
 * A template using anything else is refused before it reaches FIS or the local platform, so a typo
 * fails at validation rather than minutes into a game day.
 */
public final class FisActions {

    private static final Map<String, ActionSpec> ACTIONS = new LinkedHashMap<>();

    /**
     * Resource types whose targets FIS lets {@code parameters} select instead of ARNs or tags,
     * with the parameters each takes.
     */
    private static final Map<String, Set<String>> TARGET_PARAMETERS = Map.of(
            "aws:ecs:task", Set.of("cluster", "service"),
            "aws:eks:pod", Set.of("clusterIdentifier", "namespace", "selectorType", "selectorValue",
                    "targetContainerName"));

    static {
        add(ActionSpec.of("aws:ecs:stop-task", "Tasks", "aws:ecs:task"));
        add(ActionSpec.of("aws:ecs:drain-container-instances", "Clusters", "aws:ecs:cluster", "duration"));
        add(ActionSpec.of("aws:ecs:task-cpu-stress", "Tasks", "aws:ecs:task", "duration"));
        add(ActionSpec.of("aws:ecs:task-io-stress", "Tasks", "aws:ecs:task", "duration"));
        add(ActionSpec.of("aws:ecs:task-kill-process", "Tasks", "aws:ecs:task"));
        add(ActionSpec.of("aws:ecs:task-network-latency", "Tasks", "aws:ecs:task", "duration"));
        add(ActionSpec.of("aws:ecs:task-network-packet-loss", "Tasks", "aws:ecs:task", "duration"));
        add(ActionSpec.of("aws:ecs:task-network-blackhole-port", "Tasks", "aws:ecs:task", "duration"));
        add(ActionSpec.of("aws:network:disrupt-connectivity", "Subnets", "aws:ec2:subnet", "duration"));
        add(ActionSpec.of("aws:network:route-table-disrupt-cross-region-connectivity", "Subnets",
                "aws:ec2:subnet", "duration"));
        add(ActionSpec.of("aws:rds:failover-db-cluster", "Clusters", "aws:rds:cluster"));
        add(ActionSpec.of("aws:rds:reboot-db-instances", "DBInstances", "aws:rds:db"));
        add(ActionSpec.of("aws:ec2:stop-instances", "Instances", "aws:ec2:instance", "startInstancesAfterDuration"));
        add(ActionSpec.of("aws:ec2:asg-insufficient-instance-capacity-error", "AutoScalingGroups",
                "aws:ec2:autoscaling-group", "duration"));
        add(ActionSpec.of("aws:elasticache:replicationgroup-interrupt-az-power", "ReplicationGroups",
                "aws:elasticache:replicationgroup", "duration"));
        // EBS I/O pauses may be as short as a second.
        add(ActionSpec.of("aws:ebs:pause-volume-io", "Volumes", "aws:ec2:ebs-volume", "duration")
                .withMinDuration(Duration.ofSeconds(1)));
        add(ActionSpec.of("aws:arc:start-zonal-autoshift", "ManagedResources",
                "aws:arc:zonal-shift-managed-resource", "duration"));
        add(ActionSpec.of("aws:cloudwatch:assert-alarm-state", null, null));
        add(ActionSpec.of("aws:fis:wait", null, null, "duration"));
        for (String error : new String[] {"internal", "throttle", "unavailable"}) {
            add(ActionSpec.of("aws:fis:inject-api-" + error + "-error", "Roles", "aws:iam:role", "duration"));
        }
    }

    private FisActions() {
    }

    private static void add(ActionSpec spec) {
        ACTIONS.put(spec.actionId(), spec);
    }

    /** The spec of {@code actionId}, if the harness knows it. */
    public static Optional<ActionSpec> find(String actionId) {
        return Optional.ofNullable(ACTIONS.get(actionId));
    }

    /** Every known action, by id. */
    public static Map<String, ActionSpec> all() {
        return Collections.unmodifiableMap(ACTIONS);
    }

    /** Every known action id, sorted, for messages that list them. */
    public static Set<String> ids() {
        return Collections.unmodifiableSet(new TreeSet<>(ACTIONS.keySet()));
    }

    /**
     * The selection parameters FIS accepts on targets of {@code resourceType}; empty when the type
     * must be selected by ARNs or tags.
     */
    public static Set<String> targetParameters(String resourceType) {
        return TARGET_PARAMETERS.getOrDefault(resourceType, Set.of());
    }
}
