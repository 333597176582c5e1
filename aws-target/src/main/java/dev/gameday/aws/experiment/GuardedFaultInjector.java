package dev.gameday.aws.experiment;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.core.fault.ExperimentRequest;
import dev.gameday.core.fault.FaultInjector;
import dev.gameday.core.fault.RunningExperiment;

/**
 * The {@code aws} target's fault injector: FIS behind an {@link ExperimentGuard}, so that no request
 * reaches FIS unchecked, whoever builds it (the preflight has refused a bad game day already).
 */
public final class GuardedFaultInjector implements FaultInjector {

    private final FaultInjector fis;
    private final ExperimentGuard guard;

    public GuardedFaultInjector(FaultInjector fis, ExperimentGuard guard) {
        this.fis = fis;
        this.guard = guard;
    }

    /** Prepares the template ({@link ExperimentGuard#prepare}), then starts it with FIS. */
    @Override
    public RunningExperiment start(ExperimentRequest request) {
        ExperimentTemplate prepared = guard.prepare(ExperimentTemplate.of(request));
        return fis.start(prepared.toRequest(request.parameters()));
    }

    @Override
    public void close() {
        fis.close();
    }
}
