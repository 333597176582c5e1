package dev.gameday.platform.fault;

import dev.gameday.chaos.fault.FaultInjector;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.resolution.BlastRadius;
import dev.gameday.chaos.resolution.TargetResolver;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.validation.LocalActions;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.core.alarm.AlarmDefinition;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.metrics.LocalMetricsSource;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The {@code local} target's {@link FaultInjector}: interprets the same FIS experiment templates
 * AWS FIS runs, against the local platform. Targets are resolved once at start by the chaos
 * module's resolver over the platform's {@link PlatformInventory}; actions run in
 * {@code startAfter} order; stopping an experiment (or closing the injector) undoes every fault
 * it still holds. It takes the experiment as the validator left it and reads nothing again. What it
 * plays is {@link LocalActions}; an experiment the validator found AWS-only is refused before
 * anything starts, naming the action and the local alternative (the CLI refuses it earlier still;
 * this is the safety net).
 */
public final class LocalFaultInjector implements FaultInjector {

    /** The source of this injector's events. */
    public static final String SOURCE = "fis-local";

    private final LocalPlatform platform;
    private final double durationScale;
    private final RandomGenerator random;
    private final List<LocalExperiment> experiments = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService stopConditions = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "stop-conditions");
        t.setDaemon(true);
        return t;
    });
    private volatile Map<String, AlarmDefinition> alarms = Map.of();

    /** An injector running action durations as written. */
    public LocalFaultInjector(LocalPlatform platform) {
        this(platform, 1.0, new SecureRandom());
    }

    /**
     * @param durationScale factor applied to every action duration (e.g. {@code 0.1} runs a
     *                      {@code PT1M} wait in 6 s), for templates that must stay FIS-valid
     *                      (FIS's shortest duration is a minute) but run in a short local test
     * @param random        where {@code COUNT(n)}/{@code PERCENT(n)} picks come from; seed it for a repeatable run
     */
    public LocalFaultInjector(LocalPlatform platform, double durationScale, RandomGenerator random) {
        this.platform = Objects.requireNonNull(platform, "platform");
        if (!(durationScale > 0) || durationScale > 1) {
            throw new IllegalArgumentException("durationScale must be in (0, 1], was " + durationScale);
        }
        this.durationScale = durationScale;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The CloudWatch alarms this target defines (its target file's {@code alarms:}, filled with
     * the target's values): experiments whose {@code aws:cloudwatch:alarm} stop conditions name
     * them are stopped when one goes into ALARM, as FIS does ({@link StopConditionWatch}).
     */
    public void defineAlarms(Map<String, AlarmDefinition> alarms) {
        this.alarms = Map.copyOf(alarms);
    }

    /**
     * Refuses unsupported actions, resolves the targets and starts the experiment, with its stop
     * conditions watched every second; returns once it is running.
     *
     * @throws IllegalArgumentException when the experiment asks for an action this platform does not
     *                                  support (a target that resolves to nothing fails the experiment
     *                                  instead, as in FIS)
     */
    @Override
    public RunningExperiment start(ValidatedExperiment validated) {
        ExperimentTemplate template = playable(validated);
        BlastRadius blastRadius;
        try {
            blastRadius = new TargetResolver(random).resolve(template, new PlatformInventory(platform));
        } catch (TemplateException e) {
            // FIS accepts the start and then fails the experiment in target resolution; so do we,
            // so the run records a failed experiment the same way on both targets.
            LocalExperiment failed = new LocalExperiment(template, null, validated.parameters(), platform, durationScale);
            experiments.add(failed);
            failed.failResolution("Target resolution failed: " + e.getMessage());
            return failed;
        }
        LocalExperiment experiment = new LocalExperiment(template, blastRadius, validated.parameters(), platform,
                durationScale);
        experiments.add(experiment);
        experiment.begin();
        StopConditionWatch.of(template, alarms, experiment, new LocalMetricsSource(platform.metricStore()),
                platform.events(), Clock.systemUTC()).ifPresent(this::watchEverySecond);
        return experiment;
    }

    /**
     * What {@code validated} would hit if it started now, without starting it: the same refusal of
     * unsupported actions and target resolution as {@link #start}.
     *
     * @throws IllegalArgumentException when the experiment asks for an unsupported action, or a
     *                                  target it needs resolves to nothing
     */
    public BlastRadius plan(ValidatedExperiment validated) {
        ExperimentTemplate template = playable(validated);
        try {
            return new TargetResolver(random).resolve(template, new PlatformInventory(platform));
        } catch (TemplateException e) {
            throw new IllegalArgumentException("experiment " + validated.name() + " cannot run: " + e.getMessage(), e);
        }
    }

    /**
     * The experiment's template, if it plays here: from the validator's own verdict, the one
     * {@code validate} and the CLI's refusal for the local target give.
     */
    private static ExperimentTemplate playable(ValidatedExperiment validated) {
        Objects.requireNonNull(validated, "experiment");
        validated.requirePlayableLocally();
        return validated.template();
    }

    /** Checks the watch a second from now, and again every second until the experiment is final. */
    private void watchEverySecond(StopConditionWatch watch) {
        try {
            stopConditions.schedule(() -> {
                boolean done;
                try {
                    done = watch.check();
                } catch (RuntimeException e) {
                    done = false; // a read that fails this second is tried again the next, as CloudWatch evaluates again
                }
                if (!done) {
                    watchEverySecond(watch);
                }
            }, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // The injector is closing: its experiments are being stopped anyway.
        }
    }

    /** The experiments started so far. */
    public List<RunningExperiment> experiments() {
        return List.copyOf(experiments);
    }

    /** Stops every experiment still running, undoing its faults. */
    @Override
    public void close() {
        stopConditions.shutdownNow();
        for (LocalExperiment experiment : experiments) {
            experiment.stop("fault injector closed");
        }
    }
}
