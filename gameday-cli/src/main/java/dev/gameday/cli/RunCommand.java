package dev.gameday.cli;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.chaos.fault.FaultTarget;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.orchestration.GameDayRun;
import dev.gameday.orchestration.Preflight;
import dev.gameday.orchestration.RunOptions;
import dev.gameday.orchestration.RunOutcome;
import dev.gameday.orchestration.RunSteps;
import dev.gameday.platform.fault.StopConditionWatch;
import dev.gameday.report.summary.Summary;
import dev.gameday.target.AwsPlanning;
import dev.gameday.target.TargetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * {@code gameday run [NAME]}: plays a game day and exits with its verdict (0 / 1 / 2). Ctrl-C
 * aborts it cleanly: experiment stopped, traffic stopped, platform torn down, reports written.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Plays a game day and writes its run directory. Exit 0: every SLO met; 1: an SLO missed; "
                + "2: could not run or aborted.")
final class RunCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the teardown and the reports before the process ends anyway. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(120);

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "A game day in gamedays/ (or a path to a game day file). Default: ${DEFAULT-VALUE}.",
            defaultValue = "task-kill")
    String name;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Where to play it: 'local' (the embedded platform) or a target file "
                    + "(targets/local-aws-timings.yaml, targets/aws-example.yaml). Default: the game day's own target.")
    String target;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for run directories. Default: runs/ in the project.")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Overrides a value of the game day, by its path: --set phases.steady=60s --set load.usersPerSecond=8")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between live status lines. Default: ${DEFAULT-VALUE}.")
    int statusSeconds;

    @Override
    public Integer call() {
        RunSteps steps = new RunSteps(Clock.systemUTC());
        // From the JVM's start to here: the launcher, class loading, the command line.
        steps.record("harness start", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()),
                Instant.now());
        steps.begin("preflight");
        Path home = GamedayCommand.home();
        Preflight.Checked checked;
        BiFunction<RunDirectory, EventLog, FaultTarget> opener;
        StopConditionWatch.Alarms localAlarms = null;
        try {
            GameDayDefinition def = new GameDayCatalogue(home.resolve("gamedays")).load(name, overrides);
            String where = target != null ? target : def.target();
            opener = TargetFiles.opener(where, def.platform());
            Preflight preflight = new Preflight(Catalogues.templates(home), Catalogues.sloLibrary(home));
            if (TargetFiles.kindOf(where).equals("local")) {
                // No CloudWatch locally: the local injector evaluates stop conditions over the target file's alarms.
                localAlarms = TargetFiles.local(where)::alarms;
                checked = preflight.check(def, localAlarms);
            } else {
                checked = preflight.check(def);
                Preflight.requirePlayableOnAws(checked);
                // On AWS the experiment as FIS would get it: role, ARNs, stop conditions (ExperimentGuard).
                AwsTargetConfig aws = TargetFiles.aws(where).orElseThrow();
                AwsPlanning.requireInjectors(aws, def);
                AwsPlanning.experiment(aws, checked).flatMap(t -> AwsPlanning.warning(aws, t))
                        .ifPresent(w -> System.out.println("gameday: warning: " + w));
                AwsPlanning.requireInjectorsOutOfBlastRadius(aws, checked);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            System.err.println("gameday: nothing was started.");
            return GamedayCommand.NOT_RUN;
        }
        steps.end();

        RunOptions options = new RunOptions(out != null ? out : home.resolve("runs"),
                Duration.ofSeconds(Math.max(1, statusSeconds)), System.out);
        GameDayRun run = new GameDayRun(checked, options, opener, steps);

        CountDownLatch finished = new CountDownLatch(1);
        int[] exitCode = {GamedayCommand.NOT_RUN};
        Thread onSignal = new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            System.err.println("\ngameday: interrupted — stopping the experiment and the traffic, tearing down…");
            run.abort("interrupted by a signal (Ctrl-C or SIGTERM)");
            try {
                finished.await(ABORT_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A shutdown hook cannot call System.exit; halt with the run's own exit code.
            Runtime.getRuntime().halt(exitCode[0]);
        }, "gameday-abort");
        Runtime.getRuntime().addShutdownHook(onSignal);

        RunOutcome outcome = run.play();
        exitCode[0] = outcome.exitCode();
        printOutcome(outcome);
        finished.countDown();
        return outcome.exitCode();
    }

    private static void printOutcome(RunOutcome outcome) {
        Summary summary = outcome.summary();
        System.out.println();
        VerdictLines.print(summary, System.out);
        Path allure = outcome.run().allureReport().resolve("index.html");
        if (Files.exists(allure)) {
            System.out.println("allure: " + allure);
        }
        System.out.println("verdict: " + summary.verdict() + " — " + summary.gameday() + " (exit " + outcome.exitCode() + ")");
        System.out.println("report: " + outcome.run().summaryMarkdown() + "  (run directory " + outcome.run().root() + ")");
    }
}
