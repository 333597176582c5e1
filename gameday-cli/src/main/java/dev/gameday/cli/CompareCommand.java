package dev.gameday.cli;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.trend.Change;
import dev.gameday.report.trend.RunComparison;
import dev.gameday.report.trend.Tolerance;
import dev.gameday.report.trend.Trend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gameday compare BASELINE RUN}: per SLO and per recovery milestone, the baseline's value,
 * the run's and the change; exit 1 when something regressed beyond its tolerance (the CI gate of a
 * scheduled game day), 0 otherwise, 2 on bad input.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares a run with a baseline run: each SLO's measured value and verdict, each recovery "
                + "milestone's time after injection.",
                "A regression is a verdict that got worse, a milestone no longer reached, or a value worse beyond its "
                        + "tolerance (defaults: ratio 0.1 pp; threshold and burn-rate +20%; recovery, eventually and "
                        + "milestones +20% and +2 s).",
                "Exit codes: 0 no regression, 1 a regression, 2 bad input."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASELINE", description = "The baseline run directory.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "RUN", description = "The run directory to compare with it.")
    Path run;

    @Option(names = "--tolerance", paramLabel = "NAME=SPEC",
            description = "Overrides a tolerance, by SLO name, milestone (sloHolding) or '<action> <milestone>': "
                    + "20%, 2s, 0.001 or 20%+2s. Repeatable.")
    Map<String, String> tolerances = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Summary before;
        Summary now;
        Map<String, Tolerance> overrides = new LinkedHashMap<>();
        try {
            before = read(baseline);
            now = read(run);
            tolerances.forEach((name, spec) -> overrides.put(name, Tolerance.parse(spec)));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        List<Change> changes = RunComparison.compare(before, now, overrides);
        System.out.println("baseline " + before.runId() + " (" + before.verdict() + ") → " + now.runId() + " ("
                + now.verdict() + ")");
        System.out.printf("%-10s %-40s %-32s %-32s %s%n", "", "what", "baseline", "now", "change");
        for (Change c : changes) {
            String mark = c.regression() ? "REGRESSED" : c.improved() ? "improved" : "";
            System.out.printf("%-10s %-40s %-32s %-32s %s%n", mark, c.what() + " " + c.name(), c.baseline(), c.now(),
                    c.change());
        }
        boolean regressed = RunComparison.regressed(changes);
        long regressions = changes.stream().filter(Change::regression).count();
        System.out.println(regressed ? "regression: " + regressions + " of " + changes.size() + " values got worse"
                : changes.stream().anyMatch(Change::improved) ? "no regression" : "no regression: no change beyond tolerance");
        return regressed ? GamedayCommand.SLO_MISSED : GamedayCommand.PASS;
    }

    private static Summary read(Path dir) {
        RunDirectory run = RunDirectory.open(dir);
        if (!Files.isRegularFile(run.summaryJson())) {
            throw new IllegalArgumentException(run.summaryJson() + ": no summary.json — not a run directory");
        }
        return Trend.withRecovery(run);
    }
}
