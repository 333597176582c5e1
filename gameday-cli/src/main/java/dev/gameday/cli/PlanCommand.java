package dev.gameday.cli;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.fault.ExperimentRequest;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.definition.PhaseSpec;
import dev.gameday.orchestration.Preflight;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.LocalTarget;
import dev.gameday.platform.fault.LocalFaultInjector;
import dev.gameday.slo.spec.Slo;
import dev.gameday.target.LocalTargetFile;
import dev.gameday.target.TargetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code gameday plan NAME}: what a game day would run and what its experiment would hit — the
 * timeline, the traffic, the SLOs, and the blast radius resolved against the target's real
 * inventory — without injecting anything. On {@code local} the platform is started to have an
 * inventory, then torn down.
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
        LocalTargetFile localTarget;
        try {
            GameDayDefinition def = new GameDayCatalogue(GamedayCommand.home().resolve("gamedays")).load(name);
            String targetName = target != null ? target : def.target();
            if (!TargetFiles.kindOf(targetName).equals("local")) {
                System.err.println("gameday: " + targetName + ": planning against aws is not wired yet; use a local target");
                return GamedayCommand.NOT_RUN;
            }
            localTarget = TargetFiles.local(targetName);
            checked = new Preflight(Catalogues.templates(GamedayCommand.home()), Catalogues.sloLibrary(GamedayCommand.home()))
                    .check(def);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        GameDayDefinition def = checked.definition();
        System.out.println("game day " + def.name() + " on " + def.target() + " (" + def.platform().zones() + " zones × "
                + def.platform().tasksPerZone() + " tasks)");
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

        System.out.println("starting the local platform to resolve targets against its inventory…");
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (LocalTarget target = LocalTarget.open(localTarget.applyTo(LocalPlatform.builder()
                .zones(def.platform().zones()).tasksPerZone(def.platform().tasksPerZone())).config(), events)) {
            List<Slo> slos = checked.slos(target.parameters());
            System.out.println("SLOs:");
            slos.forEach(slo -> System.out.println("  " + slo.kind() + "  " + slo.name() + " — " + slo.description()));
            Optional<ExperimentRequest> request = def.experiment().map(spec -> checked.template().orElseThrow()
                    .fill(Preflight.parametersFor(spec, target.parameters()))
                    .toRequest(Preflight.parametersFor(spec, target.parameters())));
            if (request.isEmpty()) {
                System.out.println("no experiment: nothing would be injected.");
            } else if (target.faultInjector() instanceof LocalFaultInjector local) {
                System.out.print("blast radius (nothing injected):\n" + local.plan(request.get()).describe());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        return GamedayCommand.PASS;
    }
}
