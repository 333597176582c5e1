package dev.gameday.report.recovery;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.Objects;

/**
 * One impairing action of an experiment: what was injected, into what, and when it ran.
 *
 * @param experiment the experiment id
 * @param action     the action's name in the template
 * @param actionId   the FIS action id, e.g. {@code aws:ecs:stop-task}
 * @param targets    the resources it acted on (ARNs, comma-separated as the event has them); may be empty
 * @param injectedAt when the action started running
 * @param endedAt    when the action reached a final state, or {@code null} when no event says so
 */
@JsonPropertyOrder({"experiment", "action", "actionId", "targets", "injectedAt", "endedAt"})
public record Fault(String experiment, String action, String actionId, String targets, Instant injectedAt,
                    Instant endedAt) {

    public Fault {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(injectedAt, "injectedAt");
        experiment = experiment == null ? "" : experiment;
        actionId = actionId == null ? "" : actionId;
        targets = targets == null ? "" : targets;
    }

    /** Whether the action fails the database writer over (mitigated by the failover completing). */
    boolean isDatabaseFailover() {
        return actionId.startsWith("aws:rds:");
    }
}
