package dev.gameday.cli;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.cost.ApiCallEstimate;
import dev.gameday.aws.target.AwsTarget;
import dev.gameday.aws.fis.FisRequestException;
import dev.gameday.chaos.fault.FaultTarget;
import dev.gameday.chaos.template.ExperimentAction;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.definition.ExperimentSpec;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.definition.PhaseSpec;
import dev.gameday.orchestration.Preflight;
import dev.gameday.slo.spec.Slo;
import dev.gameday.target.AwsPlanning;
import dev.gameday.target.TargetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * {@code gameday plan NAME}: what a game day would run and what its experiment would hit — the
 * timeline, the traffic, the SLOs, and the blast radius resolved against the target's real
 * inventory — without injecting anything. On {@code local} the platform is started to have an
 * inventory, then torn down. On {@code aws} everything the files decide is checked offline first
 * (the template filled with the target file's values and validated, the API call estimate); then,
 * if AWS can be reached, only describe/list calls are made to resolve the blast radius (but for
 * stopping FIS experiments whose harness died, as a run does first), and if it
 * cannot (no credentials, no network) the plan says so and still exits 0.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Shows what a game day would run and which resources its experiment would hit; injects nothing.")
final class PlanCommand implements Callable<Integer> {

    /** The status line's default interval in {@code gameday run} (its {@code --status-interval}). */
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

    @Parameters(index = "0", paramLabel = "NAME", description = "A game day in gamedays/ or a game day file.")
    String name;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "'local' or a target file. Default: the game day's own target.")
    String target;

    @Override
    public Integer call() {
        Preflight.Checked checked;
        String targetName;
        Optional<AwsTargetConfig> aws;
        BiFunction<RunDirectory, EventLog, FaultTarget> opener = null;
        try {
            GameDayDefinition def = new GameDayCatalogue(GamedayCommand.home().resolve("gamedays")).load(name);
            targetName = target != null ? target : def.target();
            aws = TargetFiles.aws(targetName);
            if (aws.isEmpty()) {
                opener = TargetFiles.opener(targetName, def.platform());
            }
            checked = new Preflight(Catalogues.templates(GamedayCommand.home()), Catalogues.sloLibrary(GamedayCommand.home()))
                    .check(def);
            if (aws.isEmpty()) {
                // The local platform has no effect for some FIS actions: say so before it starts.
                Preflight.requirePlayableLocally(checked);
            }
            if (aws.isPresent()) {
                // FIS has no local-only action: say so before any call.
                Preflight.requirePlayableOnAws(checked);
                AwsPlanning.requireInjectors(aws.get(), checked.definition());
                // Everything the files decide, checked before any call: SLOs, guardrails and the template
                // filled with the target file's own values.
                Map<String, String> offline = AwsPlanning.offlineParameters(aws.get());
                checked.resolve(offline);
                AwsPlanning.experiment(aws.get(), checked);
                AwsPlanning.requireInjectorsOutOfBlastRadius(aws.get(), checked);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        GameDayDefinition def = checked.definition();
        printTimeline(def, targetName, aws);
        return aws.isPresent() ? planAws(checked, aws.get(), targetName) : planLocal(checked, opener, targetName);
    }

    private static Integer planLocal(Preflight.Checked checked, BiFunction<RunDirectory, EventLog, FaultTarget> opener,
                                     String targetName) {
        System.out.println("opening the target to resolve the experiment against its inventory…");
        try (FaultTarget opened = opener.apply(null, EventLog.inMemory(Clock.systemUTC()))) {
            printSlos(checked, opened.parameters());
            printBlastRadius(checked, opened);
        } catch (RuntimeException e) {
            System.err.println("gameday: cannot plan against " + targetName + ": " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        return GamedayCommand.PASS;
    }

    private static Integer planAws(Preflight.Checked checked, AwsTargetConfig config, String targetName) {
        Map<String, String> offline = AwsPlanning.offlineParameters(config);
        printSlos(checked, offline);
        Optional<ExperimentTemplate> filled = AwsPlanning.experiment(config, checked);
        filled.ifPresent(template -> {
            System.out.println("experiment " + template.name() + ": valid for FIS, filled from " + targetName
                    + " (values only AWS knows are shown as <name>):");
            for (Map.Entry<String, ExperimentAction> action : template.actions().entrySet()) {
                System.out.println("  " + action.getKey() + "  " + action.getValue().actionId()
                        + (action.getValue().parameters().isEmpty() ? "" : " " + action.getValue().parameters()));
            }
            template.stopConditions().forEach(c -> System.out.println("  stop condition " + c.source()
                    + (c.value() != null ? " " + c.value() : "")));
            AwsPlanning.warning(config, template).ifPresent(w -> System.out.println("warning: " + w));
        });

        System.out.println("resolving the blast radius in " + config.region()
                + " (read calls only, but for stopping experiments dead harnesses left running)…");
        AwsTarget opened;
        try {
            opened = TargetFiles.openForPlan(config, EventLog.inMemory(Clock.systemUTC()), System.out::println);
        } catch (SdkException e) {
            // No credentials, no network, credentials AWS refuses: the files are fine, the account is just not at hand.
            System.out.println("blast radius: not resolved — " + unreachable(e) + "; run with credentials for account "
                    + config.deploymentAccount() + " to see the tasks, subnets and DB it would touch");
            printEstimate(config, checked, offline, 3, "3 zones assumed");
            return GamedayCommand.PASS;
        } catch (IllegalStateException | FisRequestException e) {
            // A refused account (AccountNotAllowedException), a deployment the file does not describe, an
            // orphaned experiment FIS would not list or stop.
            System.err.println("gameday: cannot plan against " + targetName + ": " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        try (opened) {
            System.out.println("account " + opened.identity().account() + " (" + opened.identity().arn() + "), zones "
                    + opened.parameters().get("zones"));
            printBlastRadius(checked, opened);
            String zones = opened.parameters().getOrDefault("zones", "");
            printEstimate(config, checked, opened.parameters(), zones.isBlank() ? 0 : zones.split(",").length,
                    "the zones found");
        } catch (RuntimeException e) {
            System.err.println("gameday: cannot plan against " + targetName + ": " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        return GamedayCommand.PASS;
    }

    private static void printSlos(Preflight.Checked checked, Map<String, String> parameters) {
        System.out.println("SLOs:");
        for (Slo slo : checked.resolve(parameters).slos()) {
            System.out.println("  " + slo.kind() + "  " + slo.name() + " — " + slo.description());
        }
    }

    private static void printBlastRadius(Preflight.Checked checked, FaultTarget opened) {
        Optional<ExperimentSpec> spec = checked.definition().experiment();
        if (spec.isEmpty()) {
            System.out.println("no experiment: nothing would be injected.");
            return;
        }
        Map<String, String> values = Preflight.parametersFor(spec.get(), opened.parameters());
        TargetFiles.plan(opened, TemplateValidator.validate(checked.template().orElseThrow(), values)).ifPresentOrElse(
                radius -> System.out.print("blast radius (nothing injected):\n" + radius.describe()),
                () -> System.out.println("this target cannot resolve targets ahead of a run"));
    }

    private static void printEstimate(AwsTargetConfig config, Preflight.Checked checked, Map<String, String> parameters,
                                      int zones, String zonesNote) {
        ApiCallEstimate estimate = AwsPlanning.estimate(config, checked, parameters, zones, STATUS_INTERVAL);
        System.out.println("AWS API calls one run makes (estimate; " + zonesNote + ", status line every "
                + STATUS_INTERVAL.toSeconds() + " s):");
        System.out.print(estimate.describe());
    }

    /** Why AWS could not be asked, in one phrase. */
    static String unreachable(SdkException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
            return "no AWS credentials found (environment, profile, SSO, container or instance role)";
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return "AWS cannot be reached (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
            }
        }
        int end = message.indexOf(" (Service:");
        return "AWS refused the call: " + (end > 0 ? message.substring(0, end) : message);
    }

    private static void printTimeline(GameDayDefinition def, String targetName, Optional<AwsTargetConfig> aws) {
        String where = aws.map(c -> "(aws: " + c.region() + ", account " + c.deploymentAccount() + ", ECS " + c.cluster()
                        + "/" + c.service() + ", ALB " + c.loadBalancer().dimension() + ", shoppers to " + c.baseUrl() + ")")
                .orElse("(locally: " + def.platform().zones() + " zones × " + def.platform().tasksPerZone() + " tasks)");
        System.out.println("game day " + def.name() + " on " + targetName + " " + where);
        System.out.printf("traffic: %.1f shoppers/s (%s), mix %s, %d shopper accounts at start%n",
                def.load().usersPerSecond(), def.load().profile(), def.load().mix(), def.load().accountsAtStart());
        Duration at = Duration.ZERO;
        for (PhaseSpec phase : def.phases()) {
            System.out.printf("  %4ds  %-9s %ds%n", at.toSeconds(), phase.name(), phase.duration().toSeconds());
            at = at.plus(phase.duration());
        }
        def.experiment().ifPresent(e -> System.out.printf("  %4ds  experiment %s starts (phase %s + %ds)%n",
                def.offsetOf(e.startPhase()).plus(e.delay()).toSeconds(), e.template(), e.startPhase(),
                e.delay().toSeconds()));
        def.guardrails().forEach(g -> System.out.println("  guardrail " + g.name()));
    }
}
