package dev.gameday.orchestration;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;

/**
 * How a game day ended: its run directory, its summary and the process exit code that goes with it.
 *
 * @param run      where everything was written
 * @param summary  the verdict and its evidence
 * @param exitCode 0 every SLO met, 1 an SLO missed, 2 aborted
 */
public record RunOutcome(RunDirectory run, Summary summary, int exitCode) {

    /** The exit code ARCHITECTURE.md gives a run verdict. */
    public static int exitCodeOf(Summary.RunVerdict verdict) {
        return switch (verdict) {
            case PASS -> 0;
            case FAIL -> 1;
            case ABORTED -> 2;
        };
    }
}
