package dev.gameday.aws.experiment;

import dev.gameday.chaos.fault.FaultInjector;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.validation.ValidatedExperiment;

/**
 * The {@code aws} target's fault injector: FIS behind an {@link ExperimentGuard}, so that no
 * experiment reaches FIS unchecked, whoever starts it (the preflight has refused a bad game day already).
 */
public final class GuardedFaultInjector implements FaultInjector {

    private final FaultInjector fis;
    private final ExperimentGuard guard;

    public GuardedFaultInjector(FaultInjector fis, ExperimentGuard guard) {
        this.fis = fis;
        this.guard = guard;
    }

    /** Prepares the experiment ({@link ExperimentGuard#prepare}), then starts it with FIS. */
    @Override
    public RunningExperiment start(ValidatedExperiment experiment) {
        return fis.start(guard.prepare(experiment));
    }

    @Override
    public void close() {
        fis.close();
    }
}
