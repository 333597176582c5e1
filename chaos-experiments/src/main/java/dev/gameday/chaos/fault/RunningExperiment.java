package dev.gameday.chaos.fault;

import java.util.Map;
import java.util.Optional;

/**
 * One started experiment. Its state changes are also recorded as events
 * ({@code experiment.state}, {@code action.state}) by the injector that runs it.
 */
public interface RunningExperiment {

    /** The reason FIS gives an experiment that one of its stop conditions stopped (state {@code stopped}). */
    String STOPPED_BY_STOP_CONDITION = "Experiment stopped by stop condition";

    /** The experiment id (FIS's {@code EXP…} id on AWS). */
    String id();

    /** The experiment's current state. */
    ExperimentState state();

    /** The current state of each action, by action name. */
    Map<String, ExperimentState> actionStates();

    /**
     * Stops the experiment and undoes every fault it still holds, then waits for a final state.
     * Idempotent; a finished experiment is left as it is.
     */
    void stop(String reason);

    /** Whether a stop condition, not the harness, stopped the experiment: FIS's own stopped state and reason. */
    default boolean stoppedByStopCondition() {
        ExperimentState s = state();
        return s.status() == ExperimentStatus.STOPPED && STOPPED_BY_STOP_CONDITION.equals(s.reason());
    }

    /**
     * Which stop condition stopped the experiment, where the target can tell (locally: the alarm
     * that went into ALARM); empty where it cannot (FIS does not say which alarm it was).
     */
    default Optional<String> stopCondition() {
        return Optional.empty();
    }
}
