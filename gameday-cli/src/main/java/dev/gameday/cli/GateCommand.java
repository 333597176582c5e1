package dev.gameday.cli;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.orchestration.RunOutcome;
import dev.gameday.report.junit.JUnitXml;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gameday gate RUN_DIR}: the CI gate on a finished run. It reads the verdicts the run's
 * evaluator wrote into {@code summary.json} (as {@code gameday report} does), prints one line per
 * SLO, refreshes {@code junit.xml} for CI servers that read test results, and exits as
 * {@code gameday run} did: 0 every SLO met, 1 one missed (FAIL or NO_DATA), 2 a run that was
 * aborted or a directory that is not a run. The run's verdict is recomputed from its SLO verdicts
 * by the gate's rule (that of {@link Summary#verdictOf}), so an edited {@code verdict} field
 * cannot pass a run whose SLOs did not. It does not re-evaluate the SLOs: their target values
 * (load balancer, cluster, …) are not kept in the run directory.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Judges a finished run for CI: exit 0 every SLO met, 1 one missed, 2 aborted or not a run.")
final class GateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory, e.g. runs/20261123-154019-smoke.")
    Path runDirectory;

    @Override
    public Integer call() {
        Summary summary;
        RunDirectory run;
        try {
            run = RunDirectory.openFinished(runDirectory);
            summary = SummaryJson.read(run.summaryJson());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("gameday: " + message(e));
            System.err.println("gate: NOT A RUN — " + runDirectory + " (exit " + GamedayCommand.NOT_RUN + ")");
            return GamedayCommand.NOT_RUN;
        }

        Summary.RunVerdict verdict = gateVerdict(summary);
        VerdictLines.print(summary, System.out);
        if (verdict != summary.verdict()) {
            System.out.println("  note: summary.json says " + summary.verdict() + ", its SLO verdicts say " + verdict);
        }
        try {
            JUnitXml.write(run.junitXml(), summary);
        } catch (UncheckedIOException e) {
            // A read-only artifact can still be judged; only the refreshed test report is lost.
            System.err.println("gameday: junit.xml not refreshed: " + message(e));
        }
        int exit = RunOutcome.exitCodeOf(verdict);
        System.out.println("gate: " + verdict + " — " + summary.gameday() + " " + summary.runId() + " (exit " + exit + ")");
        return exit;
    }

    /** ABORTED when the run says so, otherwise PASS exactly when every SLO passed. */
    static Summary.RunVerdict gateVerdict(Summary summary) {
        if (summary.verdict() == Summary.RunVerdict.ABORTED || summary.abortReason() != null) {
            return Summary.RunVerdict.ABORTED;
        }
        return summary.slos().stream().allMatch(s -> s.verdict().isMet())
                ? Summary.RunVerdict.PASS : Summary.RunVerdict.FAIL;
    }

    private static String message(RuntimeException e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : null;
        return e.getMessage() + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage().lines().findFirst().orElse("") : "");
    }
}
