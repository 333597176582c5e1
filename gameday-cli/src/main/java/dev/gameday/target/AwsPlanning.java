package dev.gameday.target;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.config.InjectorSettings;
import dev.gameday.aws.inject.InjectorExclusion;
import dev.gameday.aws.experiment.ExperimentGuard;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.aws.cost.ApiCallEstimate;
import dev.gameday.core.event.Event;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.definition.ExperimentSpec;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.definition.PhaseSpec;
import dev.gameday.report.timeline.DashboardSeries;
import dev.gameday.definition.GuardrailSpec;
import dev.gameday.orchestration.Preflight;
import dev.gameday.slo.evaluation.SeriesRequest;
import dev.gameday.slo.evaluation.SloEvaluator;
import dev.gameday.slo.phase.Phases;
import dev.gameday.slo.spec.Slo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code gameday plan} knows about an {@code aws} game day before any call: the placeholder
 * values the target file gives (live-only ones stood in by their names) and the API call estimate
 * computed from the game day's planned timeline, exactly as the run will ask — the dashboard
 * series and every SLO series over their planned windows, batched per time range.
 */
public final class AwsPlanning {

    /** Placeholders only an open target knows; stood in by {@code <name>} for the offline checks. */
    private static final List<String> LIVE_ONLY = List.of("zones", "zone", "dbInstance", "account");

    private AwsPlanning() {
    }

    /**
     * The target file's own values plus stand-ins for what only AWS can tell ({@code <zones>}, …),
     * enough to fill and validate a template without credentials.
     */
    public static Map<String, String> offlineParameters(AwsTargetConfig config) {
        Map<String, String> values = new LinkedHashMap<>(config.offlineParameters());
        for (String name : Preflight.TARGET_PARAMETERS) {
            if (!values.containsKey(name) && LIVE_ONLY.contains(name)) {
                values.put(name, "<" + name + ">");
            }
        }
        values.putIfAbsent("zones", "<zones>");
        return values;
    }

    /**
     * Refuses, before any call, a game day whose traffic needs injectors ({@code load.injectors > 1})
     * on a target file without an {@code injectors:} block: nothing says where their tasks would run.
     *
     * @throws IllegalArgumentException naming the game day's field and the target file's missing one
     */
    public static void requireInjectors(AwsTargetConfig config, GameDayDefinition def) {
        int injectors = def.load().injectors();
        if (injectors > 1 && config.injectorSettings().isEmpty()) {
            throw new IllegalArgumentException(def.file() + ": load.injectors: " + injectors + " runs " + injectors
                    + " injectors as ECS tasks on the aws target, but " + config.file() + " has no 'injectors' block:"
                    + " add injectors: {taskDefinition, container, subnets, results: {bucket}} (targets/aws-example.yaml"
                    + " documents it), or set load.injectors: 1");
        }
    }

    /**
     * Refuses, before any call, a game day whose experiment would select one of its own injector
     * tasks ({@code load.injectors > 1}): the template, filled with the file's values, is resolved
     * against the tasks the injectors will be (their cluster, zones and tags), every candidate kept.
     * The run checks again against the injector tasks running when the experiment starts.
     *
     * @throws IllegalArgumentException naming the template's target key and the injector task
     */
    public static void requireInjectorsOutOfBlastRadius(AwsTargetConfig config, Preflight.Checked checked) {
        int injectors = checked.definition().load().injectors();
        if (injectors < 2 || config.injectorSettings().isEmpty()) {
            return;
        }
        InjectorSettings settings = config.injectorSettings().get();
        experiment(config, checked).ifPresent(template -> InjectorExclusion.refuse(template,
                InjectorExclusion.planned(settings, config.region(), config.deploymentAccount(), injectors),
                settings.family()));
    }

    /**
     * The game day's experiment as it would go to FIS on this target, before any call: filled with the
     * target file's values, validated as FIS would, then through the target's {@link ExperimentGuard}
     * (role, ARNs in the allowed accounts and region, an alarm stop condition). Empty without an experiment.
     *
     * @throws IllegalArgumentException (a {@code TemplateException}) naming the template file, the JSON path and the value
     */
    public static Optional<ExperimentTemplate> experiment(AwsTargetConfig config, Preflight.Checked checked) {
        Optional<ExperimentSpec> spec = checked.definition().experiment();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        ExperimentTemplate filled = checked.template().orElseThrow()
                .fill(Preflight.parametersFor(spec.get(), offlineParameters(config)));
        // The stand-ins for what only AWS knows are not values left to fill; anything else written for people is.
        Set<String> standIns = LIVE_ONLY.stream().map(name -> "<" + name + ">").collect(Collectors.toSet());
        TemplateValidator.verdict(filled).requireRunnable(filled.source(), standIns);
        return Optional.of(new ExperimentGuard(config).prepare(filled));
    }

    /** The warning to print before a run or in a plan, e.g. an experiment allowed to run without an alarm stop condition. */
    public static Optional<String> warning(AwsTargetConfig config, ExperimentTemplate prepared) {
        return new ExperimentGuard(config).warning(prepared);
    }

    /**
     * The call estimate of one run of {@code def} on {@code config}'s deployment.
     *
     * @param zones          how many zones the dashboard reads HealthyHostCount for (live, or the file's best guess)
     * @param statusInterval how often the status line is printed
     */
    public static ApiCallEstimate estimate(AwsTargetConfig config, Preflight.Checked checked, Map<String, String> parameters,
                                           int zones, Duration statusInterval) {
        GameDayDefinition def = checked.definition();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Event> events = new ArrayList<>();
        Instant at = t0;
        for (PhaseSpec phase : def.phases()) {
            events.add(new Event(at, "orchestrator", Phases.STARTED, Map.of("phase", phase.name())));
            at = at.plus(phase.duration());
            events.add(new Event(at, "orchestrator", Phases.ENDED, Map.of("phase", phase.name())));
        }
        Instant end = at;
        Optional<Duration> experiment = def.experiment().map(spec -> def.totalDuration().minus(startOffset(def, spec)));
        def.experiment().ifPresent(spec -> events.add(new Event(t0.plus(startOffset(def, spec)), "orchestrator",
                "experiment.started", Map.of("experiment", "planned"))));
        events.sort((a, b) -> a.ts().compareTo(b.ts()));
        List<PhaseWindow> phases = Phases.fromEvents(events);

        // Ranges as the collection asks: the dashboard over the whole run, each SLO series over its window.
        Map<String, Set<MetricQuery>> byRange = new LinkedHashMap<>();
        Map<String, String> dashboardParameters = new LinkedHashMap<>(parameters);
        List<String> zoneNames = new ArrayList<>();
        for (int i = 0; i < zones; i++) {
            zoneNames.add("zone-" + i);
        }
        dashboardParameters.put("zones", String.join(",", zoneNames));
        byRange.computeIfAbsent(t0 + "/" + end, k -> new LinkedHashSet<>()).addAll(DashboardSeries.queries(dashboardParameters));
        Preflight.Resolved resolved = checked.resolve(parameters);
        List<Slo> slos = resolved.slos();
        for (SeriesRequest request : SloEvaluator.requiredSeries(slos, phases, events)) {
            if (!request.isClientSide()) {
                byRange.computeIfAbsent(request.start() + "/" + request.end(), k -> new LinkedHashSet<>()).add(request.query());
            }
        }
        List<Integer> queriesPerRange = byRange.values().stream().map(Set::size).toList();
        int guardrailMetrics = 0;
        for (GuardrailSpec guardrail : resolved.guardrails()) {
            guardrailMetrics += serverSide(guardrail.metric().namespace()) ? 1 : 0;
            guardrailMetrics += guardrail.per().filter(p -> serverSide(p.namespace())).isPresent() ? 1 : 0;
        }
        return ApiCallEstimate.of(config, new ApiCallEstimate.GameDayShape(def.totalDuration(), experiment, 2,
                queriesPerRange, guardrailMetrics, statusInterval, def.load().injectors()));
    }

    private static boolean serverSide(String namespace) {
        return !namespace.equals(SeriesRequest.CLIENT_NAMESPACE);
    }

    private static Duration startOffset(GameDayDefinition def, ExperimentSpec spec) {
        return def.offsetOf(spec.startPhase()).plus(spec.delay());
    }
}
