package dev.gameday.chaos.fault;

import dev.gameday.chaos.validation.ValidatedExperiment;

/**
 * The port faults are injected through: AWS FIS on the {@code aws} target, the local platform's
 * interpreter of the same FIS templates on {@code local}. It takes a template the validator has
 * already judged ({@link ValidatedExperiment}), so an injector neither reads nor validates it again.
 * Closing it stops every experiment it started that is still running, so no fault outlives a run.
 */
public interface FaultInjector extends AutoCloseable {

    /**
     * Starts an experiment; returns once it has been accepted (FIS: {@code StartExperiment}
     * answered). Refuses, before anything starts, an experiment this target cannot run (locally: an
     * action only AWS plays; on AWS: a role, ARN or stop condition the target file does not allow).
     *
     * @throws IllegalArgumentException when the experiment asks for something this injector cannot do
     */
    RunningExperiment start(ValidatedExperiment experiment);

    /** Stops every experiment still running. */
    @Override
    void close();
}
