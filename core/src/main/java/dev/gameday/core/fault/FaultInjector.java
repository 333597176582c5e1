package dev.gameday.core.fault;

/**
 * The port faults are injected through: AWS FIS on the {@code aws} target, the local platform's
 * interpreter of the same FIS templates on {@code local}. Closing it stops every experiment it
 * started that is still running, so no fault outlives a run.
 */
public interface FaultInjector extends AutoCloseable {

    /**
     * Starts an experiment; returns once it has been accepted (FIS: {@code StartExperiment}
     * answered). Refuses, before anything starts, a template it cannot run.
     *
     * @throws IllegalArgumentException when the template asks for something this injector cannot do
     */
    RunningExperiment start(ExperimentRequest request);

    /** Stops every experiment still running. */
    @Override
    void close();
}
