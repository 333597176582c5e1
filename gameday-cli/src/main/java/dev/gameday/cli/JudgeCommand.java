package dev.gameday.cli;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.definition.GameDaySlos;
import dev.gameday.orchestration.RunOutcome;
import dev.gameday.report.RunSummary;
import dev.gameday.report.allure.AllureReport;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import dev.gameday.slo.evaluation.SloEvaluator;
import dev.gameday.slo.evaluation.Verdict;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code gameday judge RUN_DIR [--slos FILE] [--out DIR | --in-place]}: judges a recorded run again
 * — against its own SLOs or a file's — from the run directory alone (events, recorded series,
 * ledger, audit), and writes a new summary and reports. The original run is left as it is unless
 * {@code --in-place}: by default the run's data is copied to {@code <RUN_DIR>-judged} beside it.
 * Exit codes as {@code run}: 0 every SLO met, 1 one missed, 2 could not judge (bad input).
 */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = {"Re-judges a recorded run against its own SLOs or a file's, from the run directory alone.",
                "Writes a new summary.json, junit.xml, summary.md, timeline.png, recovery.png and Allure report into "
                        + "--out (default: <RUN_DIR>-judged beside the run); the original is untouched unless --in-place.",
                "A series the SLOs need but the run never recorded is judged NO_DATA, saying so.",
                "Exit codes: 0 every SLO met, 1 at least one missed, 2 could not judge."})
final class JudgeCommand implements Callable<Integer> {

    /** What is not copied into the judged folder: rebuilt (Allure), or not the run's evidence (task logs). */
    private static final Set<String> NOT_COPIED = Set.of("allure-report", "allure-results", "platform");

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory, e.g. runs/20261123-154019-smoke.")
    Path runDirectory;

    @Option(names = "--slos", paramLabel = "FILE",
            description = "An SLO file (top level `slos:`, as slo-checks/slos/shop.yaml); default: the run's own SLOs.")
    Path sloFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the judged run goes (a new folder; default <RUN_DIR>-judged).")
    Path out;

    @Option(names = "--in-place", description = "Rewrite the run's own reports instead of writing a new folder.")
    boolean inPlace;

    @Override
    public Integer call() {
        RunDirectory original;
        Summary recorded;
        List<Slo> slos;
        RunDirectory judged;
        try {
            original = RunDirectory.open(runDirectory);
            if (!Files.isRegularFile(original.summaryJson())) {
                throw new IllegalArgumentException(original.summaryJson() + ": no summary.json — not a run directory, "
                        + "or the run never ended");
            }
            if (inPlace && out != null) {
                throw new IllegalArgumentException("--in-place and --out exclude each other");
            }
            recorded = SummaryJson.read(original.summaryJson());
            slos = slos(original);
            judged = inPlace ? original : copy(original, out != null ? out : beside(original));
        } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        List<Verdict> verdicts = SloEvaluator.evaluate(slos, judged);
        Summary summary = RunSummary.write(judged, recorded.rejudged(judged.id(), verdicts), verdicts);
        AllureReport.Outcome allure = AllureReport.generate(judged);
        for (Summary.SloResult slo : summary.slos()) {
            System.out.println("  " + slo.verdict() + "  " + slo.name() + ": " + slo.explanation());
        }
        System.out.println(allure.generated() ? "allure: " + allure.report() : "allure: " + allure.message());
        int exit = RunOutcome.exitCodeOf(summary.verdict());
        System.out.println("verdict: " + summary.verdict() + " — " + summary.gameday() + " (exit " + exit + ")");
        System.out.println("report: " + judged.summaryMarkdown() + "  (run directory " + judged.root() + ")");
        return exit;
    }

    /**
     * The file's SLOs, or the run's own from its {@code gameday.yaml} (read as {@code gameday run}
     * reads them), filled with the recorded parameters.
     */
    private List<Slo> slos(RunDirectory run) {
        Map<String, String> parameters = RecordedParameters.of(run);
        if (sloFile != null) {
            if (!Files.isRegularFile(sloFile)) {
                throw new IllegalArgumentException(sloFile + ": no such SLO file");
            }
            return SloParser.loadSpecs(sloFile).resolve(parameters);
        }
        if (!Files.isRegularFile(run.definition())) {
            throw new IllegalArgumentException(run.definition() + ": the run kept no game day definition; name one "
                    + "with --slos FILE");
        }
        // Only the slos: node: the whole definition would be checked against its file name, which a
        // run directory's gameday.yaml never matches.
        return GameDaySlos.parse(ConfigNode.load(run.definition()).get("slos"))
                .specs(Catalogues.sloLibrary(GamedayCommand.home())).resolve(parameters);
    }

    /** {@code <run>-judged}, or {@code -judged-2}, … when that exists. */
    private static Path beside(RunDirectory run) {
        Path candidate = run.root().resolveSibling(run.id() + "-judged");
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = run.root().resolveSibling(run.id() + "-judged-" + n);
        }
        return candidate;
    }

    /** Copies the run's recorded data into a new folder; an existing one is refused, never merged into. */
    private static RunDirectory copy(RunDirectory run, Path to) {
        if (Files.exists(to)) {
            throw new IllegalArgumentException(to + ": exists; judge writes a new folder (or use --in-place)");
        }
        try (Stream<Path> files = Files.walk(run.root())) {
            for (Path f : files.toList()) {
                Path relative = run.root().relativize(f);
                if (relative.getNameCount() > 0 && NOT_COPIED.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + run.root() + " to " + to, e);
        }
        return RunDirectory.open(to);
    }
}
