package dev.gameday.cli;

import dev.gameday.report.trend.Trend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code gameday trend DIR}: reads every run in a folder (a {@code --out} folder of scheduled game
 * days) and writes {@code trend.md} and {@code trend.png} into it; names the game days whose verdict
 * flipped between PASS and FAIL among their recent runs as flaky.
 */
@Command(name = "trend", mixinStandardHelpOptions = true,
        description = {"Writes trend.md and trend.png into a folder of runs: each SLO's measured value and each "
                + "recovery milestone per run, verdicts marked; flags game days whose verdict flips between PASS "
                + "and FAIL among recent runs as flaky.",
                "Exit codes: 0 written, 2 bad input."})
final class TrendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "A folder of run directories, e.g. runs/.")
    Path folder;

    @Option(names = "--recent", paramLabel = "N", defaultValue = "" + Trend.RECENT,
            description = "How many recent runs of a game day the flaky rule looks at (default ${DEFAULT-VALUE}).")
    int recent;

    @Override
    public Integer call() {
        Trend trend;
        try {
            if (recent < 2) {
                throw new IllegalArgumentException("--recent must be at least 2, was " + recent);
            }
            trend = Trend.read(folder, recent);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        List<Path> written = trend.write(folder);
        trend.runs().forEach((gameday, runs) -> System.out.println(gameday + ": " + runs.size() + " runs, "
                + runs.stream().map(s -> s.verdict().toString()).toList()));
        Set<String> flaky = trend.flaky();
        System.out.println(flaky.isEmpty() ? "flaky: none" : "flaky: " + String.join(", ", flaky));
        System.out.println("written: " + written.get(0) + ", " + written.get(1));
        return GamedayCommand.PASS;
    }
}
