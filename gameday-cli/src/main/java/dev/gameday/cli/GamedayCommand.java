package dev.gameday.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;

/**
 * The {@code gameday} command line: plays, validates and lists game days. Exit codes follow
 * ARCHITECTURE.md: 0 every SLO met, 1 an SLO missed, 2 the game day could not run or was aborted.
 */
@Command(name = "gameday",
        mixinStandardHelpOptions = true,
        version = "gameday 0.1.0",
        description = "Plays a game day: shopper traffic, a fault experiment, SLO verdicts and reports.",
        subcommands = {RunCommand.class, ValidateCommand.class, ListCommand.class, PlanCommand.class, UpCommand.class,
                ReportCommand.class, GateCommand.class, JudgeCommand.class, CompareCommand.class, TrendCommand.class,
                TargetCommand.class, DeployCommand.class, DestroyCommand.class, InjectCommand.class,
                CommandLine.HelpCommand.class})
public final class GamedayCommand implements Runnable {

    /** Exit code: every SLO met. */
    public static final int PASS = 0;
    /** Exit code: at least one SLO missed (the CI gate). */
    public static final int SLO_MISSED = 1;
    /** Exit code: the game day could not run or was aborted. */
    public static final int NOT_RUN = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests and {@link #main}). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new GamedayCommand());
        // Usage errors already exit 2 (picocli's USAGE); an unexpected failure is "could not run" too.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("gameday: " + e);
            e.printStackTrace(commandLine.getErr());
            return NOT_RUN;
        });
        return cli.execute(args);
    }

    /** The folder the project lives in: where {@code gamedays/} and {@code runs/} are. */
    static Path home() {
        return Path.of(System.getProperty("gameday.home", ".")).toAbsolutePath().normalize();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
