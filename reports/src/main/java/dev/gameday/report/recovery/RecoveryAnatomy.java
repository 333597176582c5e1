package dev.gameday.report.recovery;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one fault's recovery time went: its milestones, one per {@link Stage} in stage order, each
 * reached (time, offset from injection, proof) or not.
 *
 * @param fault                the action
 * @param affectedRequest      the request name the fault hurt most (its first good second is
 *                             {@code firstGood}), or {@code null} when no request was hurt
 * @param latencyBreachSeconds the client p99 above which a second counts as a breach (twice the
 *                             baseline's worst second, at least 0.1 s), or {@code null} without a baseline
 * @param milestones           one per stage, in stage order
 */
@JsonPropertyOrder({"fault", "affectedRequest", "latencyBreachSeconds", "milestones"})
public record RecoveryAnatomy(Fault fault, String affectedRequest, Double latencyBreachSeconds,
                              List<Milestone> milestones) {

    public RecoveryAnatomy {
        Objects.requireNonNull(fault, "fault");
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
    }

    /** The milestone of {@code stage}, if this anatomy has it. */
    public Optional<Milestone> milestone(Stage stage) {
        return milestones.stream().filter(m -> m.milestone().equals(stage.key())).findFirst();
    }

    /** A short name for people: {@code <action> (<actionId>)}. */
    public String title() {
        return fault.action() + (fault.actionId().isEmpty() ? "" : " (" + fault.actionId() + ")");
    }
}
