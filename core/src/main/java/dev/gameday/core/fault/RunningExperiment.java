package dev.gameday.core.fault;

import java.util.Map;

/**
 * One started experiment. Its state changes are also recorded as events
 * ({@code experiment.state}, {@code action.state}) by the injector that runs it.
 */
public interface RunningExperiment {

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
}
