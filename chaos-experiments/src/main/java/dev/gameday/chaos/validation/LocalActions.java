package dev.gameday.chaos.validation;

import dev.gameday.chaos.actions.FisAction;
import dev.gameday.chaos.actions.FisTargetKey;
import dev.gameday.chaos.template.ExperimentAction;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The FIS actions the local platform plays, in one place: the validator's AWS-only verdict and the
 * local fault injector's own refusal both read it, so they cannot disagree. For an action it does
 * not play, {@link #alternative} names the local action that comes closest, where one exists.
 *
 * <p>It also holds the <em>local-only</em> actions ({@code gameday:local:…}): faults nobody announces
 * on AWS — a writer's host dying — that FIS has no action for. The local platform plays them so the
 * platform's own reaction can be rehearsed; the validator marks a template that uses one as playing
 * locally only, and the AWS target refuses it before anything starts ({@link FisVerdict#requirePlayableOnAws}).
 */
public final class LocalActions {

    /** The FIS actions the local platform performs. */
    public static final Set<String> PLAYED = Set.of(
            "aws:arc:start-zonal-autoshift", "aws:ecs:stop-task", "aws:ecs:task-cpu-stress", "aws:ecs:task-io-stress",
            "aws:ecs:task-kill-process", "aws:ecs:task-network-blackhole-port", "aws:ecs:task-network-latency",
            "aws:ecs:task-network-packet-loss", "aws:fis:wait", "aws:network:disrupt-connectivity",
            "aws:rds:failover-db-cluster", "aws:rds:reboot-db-instances");

    /** The prefix of every local-only action id: never a FIS namespace ({@code aws:…}). */
    public static final String LOCAL_ONLY_PREFIX = "gameday:local:";

    /** Kills the database writer's postgres (kill -9), as a host failure would, and announces nothing. */
    public static final String KILL_DB_WRITER = LOCAL_ONLY_PREFIX + "kill-db-writer";

    /**
     * The local-only actions, described like FIS's own (targets, parameters) so templates naming them
     * are checked the same way; {@code notes} says what comes closest on AWS.
     */
    private static final Map<String, FisAction> LOCAL_ONLY = Map.of(KILL_DB_WRITER, new FisAction(KILL_DB_WRITER,
            "Kills the database cluster's writer process (SIGKILL), as a host failure would: no failover is asked"
                    + " for, the cluster's own monitoring must notice and fail over.",
            "local-platform (gameday), not FIS", null,
            List.of(new FisTargetKey("Clusters", List.of("aws:rds:cluster"), true, List.of(), null, null)),
            List.of(), null,
            "AWS has no way to kill an RDS host; the closest announced fault is aws:rds:reboot-db-instances with"
                    + " forceFailover=true (or aws:rds:failover-db-cluster), which RDS is told about."));

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

    /** The local-only action of that id (e.g. {@link #KILL_DB_WRITER}), if it is one. */
    public static Optional<FisAction> localOnly(String actionId) {
        return Optional.ofNullable(LOCAL_ONLY.get(actionId));
    }

    /**
     * Why the local platform cannot play {@code action}, for the line that names it; empty when it can.
     */
    public static Optional<String> whyNot(ExperimentAction action) {
        if (LOCAL_ONLY.containsKey(action.actionId())) {
            return Optional.empty();
        }
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
