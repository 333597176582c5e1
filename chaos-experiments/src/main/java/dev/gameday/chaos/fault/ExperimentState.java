package dev.gameday.chaos.fault;

import java.util.Objects;

/**
 * An experiment's (or an action's) state at one moment, with FIS's reason when it has one.
 *
 * @param status the state
 * @param reason why, e.g. a failure message; may be {@code null}
 */
public record ExperimentState(ExperimentStatus status, String reason) {

    public ExperimentState {
        Objects.requireNonNull(status, "status");
    }

    /** A state without a reason. */
    public static ExperimentState of(ExperimentStatus status) {
        return new ExperimentState(status, null);
    }
}
