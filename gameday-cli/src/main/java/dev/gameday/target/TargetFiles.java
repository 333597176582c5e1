package dev.gameday.target;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.target.AwsTarget;
import dev.gameday.chaos.fault.FaultTarget;
import dev.gameday.chaos.resolution.BlastRadius;
import dev.gameday.chaos.resolution.TargetResolver;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.definition.PlatformSpec;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.LocalTarget;
import dev.gameday.platform.fault.LocalFaultInjector;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Reads {@code --target}: {@code local} (the built-in local platform) or a target file whose
 * {@code kind} says which target it describes, and opens it. Everything target-specific the
 * commands need lives here, so the orchestrator only ever sees the {@link FaultTarget} port.
 */
public final class TargetFiles {

    private TargetFiles() {
    }

    /** The kind a target argument names: {@code local} for the word, else the file's {@code kind} (default aws). */
    public static String kindOf(String target) {
        if (target.equals("local")) {
            return "local";
        }
        ConfigNode root = ConfigNode.load(Path.of(target));
        String kind = root.text("kind", "aws");
        if (!kind.equals("local") && !kind.equals("aws")) {
            throw root.get("kind").error("must be local or aws, was '" + kind + "'");
        }
        return kind;
    }

    /** The {@code aws} target file {@code --target} names, read and checked, or empty for a local target. */
    public static Optional<AwsTargetConfig> aws(String target) {
        return kindOf(target).equals("aws") ? Optional.of(AwsTargetConfig.load(Path.of(target))) : Optional.empty();
    }

    /**
     * Opens an {@code aws} target for a plan, without the admin token (a plan audits no orders). Like a
     * run, opening stops the experiments dead harnesses left running, said on {@code notices}; otherwise
     * a plan only reads.
     */
    public static AwsTarget openForPlan(AwsTargetConfig config, EventLog events, Consumer<String> notices) {
        return AwsTarget.builder(config, events).adminTokenRequired(false).notices(notices).open();
    }

    /** The local platform's settings from {@code --target}: the defaults for {@code local}, else the file. */
    public static LocalTargetFile local(String target) {
        if (target.equals("local")) {
            return LocalTargetFile.defaults();
        }
        Path file = Path.of(target);
        return LocalTargetFile.parse(file, ConfigNode.load(file));
    }

    /**
     * Reads and checks the target file now (bad input starts nothing) and returns how to open the
     * target once a run has its directory and event log. The run directory may be {@code null}
     * (e.g. {@code plan}), in which case the local platform works in a temporary folder.
     */
    public static BiFunction<RunDirectory, EventLog, FaultTarget> opener(String target, PlatformSpec shape) {
        if (kindOf(target).equals("aws")) {
            AwsTargetConfig config = AwsTargetConfig.load(Path.of(target));
            // Each experiment is tagged with the run; orphans found at opening are said on the console.
            return (run, events) -> AwsTarget.builder(config, events)
                    .runId(run != null ? run.id() : "none")
                    .notices(line -> System.out.println("gameday: " + line))
                    .open();
        }
        LocalTargetFile settings = local(target);
        return (run, events) -> {
            LocalPlatform.Builder builder = settings.applyTo(LocalPlatform.builder()
                    .zones(shape.zones()).tasksPerZone(shape.tasksPerZone()));
            shape.autoscaling().ifPresent(builder::autoscaling);
            if (run != null) {
                // The platform's work folder (task logs) lives in the run directory, beside the reports.
                builder.workDirectory(run.root().resolve("platform"));
            }
            return LocalTarget.open(builder.config(), events).withAlarms(settings::alarms);
        };
    }

    /** What an experiment would hit on an open target, resolved against its own inventory; nothing is injected. */
    public static Optional<BlastRadius> plan(FaultTarget target, ValidatedExperiment experiment) {
        if (target instanceof LocalTarget && target.faultInjector() instanceof LocalFaultInjector local) {
            return Optional.of(local.plan(experiment));
        }
        if (target instanceof AwsTarget aws) {
            // Injector tasks running now (another game day's) must stay out of it too.
            aws.refuseInjectorTargets(experiment.template(), 0);
            return Optional.of(new TargetResolver(new SplittableRandom()).resolve(experiment.template(), aws.inventory()));
        }
        return Optional.empty();
    }
}
