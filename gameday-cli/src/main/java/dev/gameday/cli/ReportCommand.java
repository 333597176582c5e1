package dev.gameday.cli;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gameday report RUN_DIR}: rebuilds every report of a run — {@code summary.json},
 * {@code junit.xml}, {@code summary.md}, {@code allure-results/}, {@code timeline.png} and the
 * Allure HTML — from the run directory alone, e.g. after copying it from a CI artifact.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuilds all reports of a run from its run directory alone.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory, e.g. runs/20261123-154019-smoke.")
    Path runDirectory;

    @Override
    public Integer call() {
        RunDirectory run;
        try {
            run = RunDirectory.openFinished(runDirectory);
        } catch (IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        Reports.Rebuilt rebuilt = Reports.rebuildAll(run);
        System.out.println("rebuilt: " + run.summaryJson() + ", " + run.junitXml() + ", " + run.summaryMarkdown()
                + ", " + run.allureResults() + ", " + run.timeline());
        System.out.println(rebuilt.allure().generated() ? "allure: " + rebuilt.allure().report() : "allure: " + rebuilt.allure().message());
        System.out.println("verdict: " + rebuilt.summary().verdict() + " — " + rebuilt.summary().gameday());
        return GamedayCommand.PASS;
    }
}
