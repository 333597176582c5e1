package dev.gameday.aws.experiment;

import dev.gameday.chaos.fault.FaultInjector;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.validation.ValidatedExperiment;

import java.util.function.Consumer;

/**
 * The {@code aws} target's fault injector: FIS behind an {@link ExperimentGuard}, so that no
 * experiment reaches FIS unchecked, whoever starts it (the preflight has refused a bad game day already).
 */
public final class GuardedFaultInjector implements FaultInjector {

    private final FaultInjector fis;
    private final ExperimentGuard guard;
    private final Consumer<ValidatedExperiment> lastCheck;

    public GuardedFaultInjector(FaultInjector fis, ExperimentGuard guard) {
        this(fis, guard, experiment -> { });
    }

    /**
     * @param lastCheck refuses (throws) an experiment on what only the live account tells, just before
     *                  FIS gets it (the injector tasks running now must stay out of its blast radius)
     */
    public GuardedFaultInjector(FaultInjector fis, ExperimentGuard guard, Consumer<ValidatedExperiment> lastCheck) {
        this.fis = fis;
        this.guard = guard;
        this.lastCheck = lastCheck;
    }

    /** Prepares the experiment ({@link ExperimentGuard#prepare}), checks it a last time, then starts it with FIS. */
    @Override
    public RunningExperiment start(ValidatedExperiment experiment) {
        ValidatedExperiment prepared = guard.prepare(experiment);
        lastCheck.accept(prepared);
        return fis.start(prepared);
    }

    @Override
    public void close() {
        fis.close();
    }
}
