package dev.gameday.cli;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.core.target.Target;
import dev.gameday.definition.ExperimentSpec;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.definition.PhaseSpec;
import dev.gameday.orchestration.Preflight;
import dev.gameday.slo.spec.Slo;
import dev.gameday.target.TargetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * {@code gameday plan NAME}: what a game day would run and what its experiment would hit — the
 * timeline, the traffic, the SLOs, and the blast radius resolved against the target's real
 * inventory — without injecting anything. On {@code local} the platform is started to have an
 * inventory, then torn down; on {@code aws} only describe/list calls are made.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Shows what a game day would run and which resources its experiment would hit; injects nothing.")
final class PlanCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "A game day in gamedays/ or a game day file.")
    String name;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "'local' or a target file. Default: the game day's own target.")
    String target;

    @Override
    public Integer call() {
        Preflight.Checked checked;
        BiFunction<RunDirectory, EventLog, Target> opener;
        String targetName;
        try {
            GameDayDefinition def = new GameDayCatalogue(GamedayCommand.home().resolve("gamedays")).load(name);
            targetName = target != null ? target : def.target();
            opener = TargetFiles.opener(targetName, def.platform());
            checked = new Preflight(Catalogues.templates(GamedayCommand.home()), Catalogues.sloLibrary(GamedayCommand.home()))
                    .check(def);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        GameDayDefinition def = checked.definition();
        printTimeline(def, targetName);

        System.out.println("opening the target to resolve the experiment against its inventory…");
        try (Target opened = opener.apply(null, EventLog.inMemory(Clock.systemUTC()))) {
            System.out.println("SLOs:");
            for (Slo slo : checked.slos(opened.parameters())) {
                System.out.println("  " + slo.kind() + "  " + slo.name() + " — " + slo.description());
            }
            if (def.experiment().isEmpty()) {
                System.out.println("no experiment: nothing would be injected.");
                return GamedayCommand.PASS;
            }
            ExperimentSpec spec = def.experiment().get();
            Map<String, String> values = Preflight.parametersFor(spec, opened.parameters());
            ExperimentTemplate filled = checked.template().orElseThrow().fill(values);
            TargetFiles.plan(opened, filled, filled.toRequest(values)).ifPresentOrElse(
                    radius -> System.out.print("blast radius (nothing injected):\n" + radius.describe()),
                    () -> System.out.println("this target cannot resolve targets ahead of a run"));
        } catch (RuntimeException e) {
            // Bad credentials, a refused account, an unreachable endpoint: said plainly, exit 2.
            System.err.println("gameday: cannot plan against " + targetName + ": " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        return GamedayCommand.PASS;
    }

    private static void printTimeline(GameDayDefinition def, String targetName) {
        System.out.println("game day " + def.name() + " on " + targetName + " (locally: " + def.platform().zones()
                + " zones × " + def.platform().tasksPerZone() + " tasks)");
        System.out.printf("traffic: %.1f shoppers/s (%s), mix %s, %d shopper accounts%n", def.load().usersPerSecond(),
                def.load().profile(), def.load().mix(), def.load().shoppers());
        Duration at = Duration.ZERO;
        for (PhaseSpec phase : def.phases()) {
            System.out.printf("  %4ds  %-9s %ds%n", at.toSeconds(), phase.name(), phase.duration().toSeconds());
            at = at.plus(phase.duration());
        }
        def.experiment().ifPresent(e -> System.out.printf("  %4ds  experiment %s starts (phase %s + %ds)%n",
                def.offsetOf(e.startPhase()).plus(e.delay()).toSeconds(), e.template(), e.startPhase(),
                e.delay().toSeconds()));
        def.guardrails().forEach(g -> System.out.println("  guardrail " + g.text("name")));
    }
}
