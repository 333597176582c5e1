package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.ExperimentAction;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The FIS actions the local platform plays, in one place: the validator's AWS-only verdict and the
 * local fault injector's own refusal both read it, so they cannot disagree. For an action it does
 * not play, {@link #alternative} names the local action that comes closest, where one exists.
 */
public final class LocalActions {

    /** The FIS actions the local platform performs. */
    public static final Set<String> PLAYED = Set.of(
            "aws:arc:start-zonal-autoshift", "aws:ecs:stop-task", "aws:ecs:task-cpu-stress", "aws:ecs:task-io-stress",
            "aws:ecs:task-kill-process", "aws:ecs:task-network-blackhole-port", "aws:ecs:task-network-latency",
            "aws:ecs:task-network-packet-loss", "aws:fis:wait", "aws:network:disrupt-connectivity",
            "aws:rds:failover-db-cluster", "aws:rds:reboot-db-instances");

    /** AWS-only action → the local action closest to it, and how it differs. Only where one is close. */
    private static final Map<String, String> ALTERNATIVES = Map.of(
            "aws:eks:pod-network-latency", "aws:ecs:task-network-latency (on ECS tasks; the local platform runs no EKS pods)",
            "aws:eks:pod-network-packet-loss", "aws:ecs:task-network-packet-loss (on ECS tasks; the local platform runs no EKS pods)",
            "aws:eks:pod-network-blackhole-port",
            "aws:ecs:task-network-blackhole-port (on ECS tasks; the local platform runs no EKS pods)",
            "aws:eks:pod-io-stress", "aws:ecs:task-io-stress (on ECS tasks; the local platform runs no EKS pods)",
            "aws:eks:pod-delete", "aws:ecs:stop-task (on ECS tasks; the local platform runs no EKS pods)");

    private LocalActions() {
    }

    /**
     * Why the local platform cannot play {@code action}, for the line that names it; empty when it can.
     */
    public static Optional<String> whyNot(ExperimentAction action) {
        if (!PLAYED.contains(action.actionId())) {
            return Optional.of("the local platform has no effect for it");
        }
        // A reboot without failover leaves the writer where it is: locally there is nothing to play.
        if (action.actionId().equals("aws:rds:reboot-db-instances")
                && !"true".equals(action.parameters().get("forceFailover"))) {
            return Optional.of("the local platform plays it only with forceFailover=true");
        }
        // An egress blackhole would cut one task's own connections; locally those share its zone's edges.
        if (action.actionId().equals("aws:ecs:task-network-blackhole-port")
                && !"ingress".equals(action.parameters().get("trafficType"))) {
            return Optional.of("the local platform plays it only with trafficType=ingress");
        }
        return Optional.empty();
    }

    /** The local action closest to {@code actionId}, with how it differs, or {@code none}. */
    public static String alternative(String actionId) {
        return ALTERNATIVES.getOrDefault(actionId, "none");
    }

    /** What the local platform plays, sorted, for messages. */
    public static String list() {
        return String.join(", ", new TreeSet<>(PLAYED));
    }
}
