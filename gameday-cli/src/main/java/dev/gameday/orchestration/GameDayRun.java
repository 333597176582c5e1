package dev.gameday.orchestration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gameday.chaos.fault.FaultTarget;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.core.target.Target;
import dev.gameday.definition.ExperimentSpec;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.definition.PhaseSpec;
import dev.gameday.orchestration.injection.InjectorFleet;
import dev.gameday.report.RunSummary;
import dev.gameday.report.allure.AllureReport;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import dev.gameday.report.timeline.DashboardSeries;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.ledger.OrderLedger;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;
import dev.gameday.simulation.runner.GatlingRunner;
import dev.gameday.simulation.runner.SimulationContext;
import dev.gameday.simulation.runner.TrafficRun;
import dev.gameday.slo.audit.AuditedOrders;
import dev.gameday.slo.audit.ShopAudit;
import dev.gameday.slo.evaluation.SeriesRequest;
import dev.gameday.slo.period.Resolution;
import dev.gameday.slo.evaluation.SloEvaluator;
import dev.gameday.slo.evaluation.Verdict;
import dev.gameday.slo.spec.Slo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Plays one game day (ARCHITECTURE.md, "The flow of one game day"): opens the target, drives
 * shopper traffic through the phases, starts the experiment at its moment, then records the
 * metrics into the run directory, judges the SLOs from those files and writes the reports.
 *
 * <p>Every way out — the end, a failure, {@link #abort} from Ctrl-C — goes through the same
 * teardown: the experiment is stopped, the traffic is stopped, the target is closed, and the
 * reports of what ran are written.
 */
public final class GameDayRun {

    private static final String SOURCE = "orchestrator";
    private static final Logger LOG = LoggerFactory.getLogger(GameDayRun.class);
    private static final Duration TRAFFIC_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRAFFIC_END_TIMEOUT = Duration.ofSeconds(90);

    private final Preflight.Checked checked;
    private final RunOptions options;
    private final BiFunction<RunDirectory, EventLog, FaultTarget> targetOpener;
    private final Clock clock = Clock.systemUTC();
    /** Where the run's time goes: printed into gameday.log and kept in summary.json at the end. */
    private final RunSteps steps;
    private final CountDownLatch abortSignal = new CountDownLatch(1);
    private volatile String abortReason;
    /** Set once the experiment is seen stopped by one of its stop conditions (FIS on AWS, the local injector locally). */
    private volatile String stoppedByStopCondition;
    /** The game day's live waits ({@code awaits:}), each started with its phase. */
    private List<LiveWait> waits = List.of();
    /** The game day's SLOs, guardrails and waits with the target's values, once the target is open. */
    private Preflight.Resolved resolved;

    /**
     * @param checked      a definition that passed {@link Preflight}
     * @param options      where to write and what to print
     * @param targetOpener opens the target, with the run's directory and event log, once they exist
     */
    public GameDayRun(Preflight.Checked checked, RunOptions options,
                      BiFunction<RunDirectory, EventLog, FaultTarget> targetOpener) {
        this(checked, options, targetOpener, new RunSteps(Clock.systemUTC()));
    }

    /**
     * @param steps the steps timed before the run (the harness's start, the preflight); the run adds its own
     */
    public GameDayRun(Preflight.Checked checked, RunOptions options,
                      BiFunction<RunDirectory, EventLog, FaultTarget> targetOpener, RunSteps steps) {
        this.checked = checked;
        this.options = options;
        this.targetOpener = targetOpener;
        this.steps = steps;
    }

    /** Asks the run to stop as soon as it can (Ctrl-C, a guardrail); the reports say ABORTED with the reason. */
    public void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        abortSignal.countDown();
    }

    /** Plays the game day to its end (or its abort) and returns how it went. */
    public RunOutcome play() {
        GameDayDefinition def = checked.definition();
        steps.begin("run directory");
        Instant startedAt = clock.instant();
        RunDirectory run = RunDirectory.create(options.out(), def.name(), startedAt);
        copyDefinition(def, run);
        HarnessLog.logTo(run.root().resolve("gameday.log"));
        say("gameday: %s → %s", def.name(), run.root());

        FaultTarget target = null;
        ShopperTraffic traffic = null;
        RunningExperiment experiment = null;
        String failure = null;
        List<PhaseWindow> phases = new ArrayList<>();
        List<Slo> slos = List.of();
        ClientRecorder recorder = new ClientRecorder();
        try (EventLog events = EventLog.open(run.events(), clock);
             OrderLedger ledger = OrderLedger.open(run.orders(), clock)) {
            events.emit(SOURCE, "gameday.started", Map.of("gameday", def.name(), "target", def.target(), "run", run.id()));
            Optional<ValidatedExperiment> request = Optional.empty();
            Instant trafficStarting = null;
            try {
                say("gameday: starting the %s target…", def.target());
                target = openTarget(run, events);
                Map<String, String> parameters = target.parameters();
                resolved = checked.resolve(parameters);
                slos = resolved.slos();
                request = validatedExperiment(parameters);
                say("gameday: shop at %s; traffic %.1f shoppers/s for %ds", target.baseUrl(),
                        def.load().usersPerSecond(), def.totalDuration().toSeconds());
                trafficStarting = clock.instant(); // "traffic start": from here to the first phase (injector warm-up)
                // load.injectors > 1: injector processes send it, their samples streamed into the recorder.
                traffic = def.load().injectors() > 1
                        ? InjectorFleet.start(run, def.load(), profile(def), target, recorder, events, clock,
                                line -> say("%s", line), this::abort)
                        : ShopperTraffic.inProcess(startTraffic(def, target, recorder, ledger, run));
                awaitFirstRequest(recorder, traffic);
                GuardrailWatch watch = new GuardrailWatch(resolved.guardrails(), recorder, target.metrics(), events,
                        clock);
                Target opened = target;
                waits = resolved.awaits().stream()
                        .map(spec -> new LiveWait(spec, recorder, opened.metrics(), events, clock)).toList();
                experiment = playPhases(def, events, phases, target, traffic, recorder, request, watch);
            } catch (Aborted e) {
                events.emit(SOURCE, "gameday.aborted", Map.of("reason", abortReason));
            } catch (RuntimeException e) {
                failure = describe(e);
                events.emit(SOURCE, "gameday.failed", Map.of("reason", failure));
                say("gameday: %s", failure);
            } finally {
                waits.forEach(LiveWait::close); // a wait still running when the run stops is cancelled
                stopExperiment(experiment, events);
                recordTrafficSteps(trafficStarting, phases);
                stopTraffic(traffic);
            }
            Instant endedAt = clock.instant();
            steps.begin("metrics");
            // With injectors the run's figures and ledger are the exact merge of their files.
            ClientRecorder measured = traffic instanceof InjectorFleet fleet ? fleet.merge(run) : recorder;
            collectMetrics(run, target, measured, slos, phases, events, endedAt);
            steps.begin("platform history");
            recordPlatformHistory(target, startedAt, endedAt, events);
            steps.begin("order audit");
            auditOrders(run, target, startedAt, events);
            // Read before closing: the count of paid calls the run's metrics reads made (GetMetricData on aws).
            Map<String, Long> apiCalls = target != null ? target.metrics().apiUsage() : Map.of();
            steps.begin("teardown");
            closeTarget(target);
            events.emit(SOURCE, "gameday.ended", Map.of());
            String aborted = abortReason != null ? abortReason : failure;
            if (aborted == null && experiment != null) {
                // FIS reports the experiment stopped, not completed: the game day did not test what it planned.
                noticeStopCondition(experiment, events);
                aborted = stoppedByStopCondition;
            }
            steps.begin("verdicts");
            ledger.close(); // idempotent: orders still pending are written before the ledger is judged
            List<Verdict> verdicts = judge(run, slos, aborted != null);
            steps.begin("reports");
            Summary summary = RunSummary.write(run, summarise(def, run, target, startedAt, endedAt, phases, verdicts,
                    experiment, request, aborted, apiCalls), verdicts, // with the files' evidence and recovery anatomy
                    (report, start, end) -> steps.record("reports / " + report, start, end));
            steps.begin("allure html");
            AllureReport.generate(run); // warns by itself, and the run goes on, when the Allure tool is absent
            steps.end();
            return new RunOutcome(run, recordSteps(run, summary), RunOutcome.exitCodeOf(summary.verdict()));
        } finally {
            closeTarget(target);
        }
    }

    /** Opens the target as the step "target open", with the parts of its start-up its events show. */
    private FaultTarget openTarget(RunDirectory run, EventLog events) {
        steps.begin("target open");
        Instant opening = clock.instant();
        try {
            return targetOpener.apply(run, events);
        } finally {
            steps.end();
            StartupParts.record(events.events(), opening, clock.instant(), steps);
        }
    }

    /** "traffic start" (from the traffic's start to the first phase: the injector's warm-up) and "phases". */
    private void recordTrafficSteps(Instant trafficStarting, List<PhaseWindow> phases) {
        if (phases.isEmpty()) {
            return;
        }
        if (trafficStarting != null) {
            steps.record("traffic start", trafficStarting, phases.get(0).start());
        }
        steps.record("phases", phases.get(0).start(), phases.get(phases.size() - 1).end());
    }

    /**
     * Prints where the run's time went into {@code gameday.log} and keeps it in {@code summary.json}
     * ({@code timings}). Written last, after every report it times; the other reports do not show it,
     * so they stay as written.
     */
    private Summary recordSteps(RunDirectory run, Summary summary) {
        LOG.info("where the time went ({}):\n{}", run.id(), steps.table());
        Summary timed = summary.withTimings(steps.timings());
        SummaryJson.write(run.summaryJson(), timed);
        return timed;
    }

    /** The experiment filled with the open target's values and validated, once: what the fault injector takes. */
    private Optional<ValidatedExperiment> validatedExperiment(Map<String, String> targetParameters) {
        Optional<ExperimentSpec> spec = checked.definition().experiment();
        Optional<ExperimentTemplate> template = checked.template();
        if (spec.isEmpty() || template.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TemplateValidator.validate(template.get(), Preflight.parametersFor(spec.get(), targetParameters)));
    }

    /** The game day's arrivals (all of them: injectors each send a share). */
    private LoadProfile profile(GameDayDefinition def) {
        return def.load().profile().equals("spike")
                ? LoadProfile.spike(def.load().usersPerSecond(), def.load().peakUsersPerSecond(),
                        def.offsetOf(checked.definition().experiment().map(ExperimentSpec::startPhase).orElse("steady")),
                        Duration.ofSeconds(30), def.totalDuration())
                : LoadProfile.constant(def.load().usersPerSecond(), def.totalDuration());
    }

    private TrafficRun startTraffic(GameDayDefinition def, Target target, ClientRecorder recorder,
                                    OrderLedger ledger, RunDirectory run) {
        SimulationContext context = SimulationContext.builder(target.baseUrl(), profile(def))
                .mix(JourneyMix.fromMap(def.load().mix()))
                .recorder(recorder)
                .ledger(ledger)
                .shoppers(def.load().accountsAtStart())
                .thinkTime(def.load().thinkTime())
                .build();
        return GatlingRunner.builder()
                .runDescription(def.name() + " " + run.id())
                .console(false)
                .build()
                .start(context, run);
    }

    /** The phases start with the first request, so the fault lands at the planned offset of real traffic. */
    private void awaitFirstRequest(ClientRecorder recorder, ShopperTraffic traffic) {
        Instant deadline = clock.instant().plus(TRAFFIC_START_TIMEOUT);
        while (recorder.recordedRange().isEmpty()) {
            if (traffic.done()) {
                traffic.end(TRAFFIC_END_TIMEOUT);
                throw new IllegalStateException("the traffic ended before its first request");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("no shopper request within " + TRAFFIC_START_TIMEOUT.toSeconds() + "s");
            }
            waitOrAbort(Duration.ofMillis(100));
        }
    }

    private RunningExperiment playPhases(GameDayDefinition def, EventLog events, List<PhaseWindow> phases,
                                         FaultTarget target, ShopperTraffic traffic, ClientRecorder recorder,
                                         Optional<ValidatedExperiment> request, GuardrailWatch watch) {
        StatusLine status = new StatusLine(options.console(), clock, recorder, target::liveStatus, traffic::injectors,
                def.totalDuration(), options.statusInterval());
        RunningExperiment experiment = null;
        Instant runStart = clock.instant();
        Instant phaseStart = runStart;
        for (PhaseSpec phase : def.phases()) {
            // The windows are the events' own instants: the verdicts, rebuilt from events.jsonl, read the same
            // seconds as the series fetched now (on a busy machine the two could straddle a second).
            phaseStart = events.emit(SOURCE, "phase.started", Map.of("phase", phase.name())).ts();
            Instant started = phaseStart;
            waits.stream().filter(w -> w.spec().phase().equals(phase.name())).forEach(w -> w.start(started));
            Instant phaseEnd = phaseStart.plus(phase.duration());
            try {
                Optional<ExperimentSpec> spec = def.experiment();
                if (request.isPresent() && spec.isPresent() && spec.get().startPhase().equals(phase.name())) {
                    waitUntil(phaseStart.plus(spec.get().delay()), status, watch, phase, runStart, null, events);
                    // A fault injected into an already-unhealthy system proves nothing (experiment.requireSteady).
                    SteadyGate.check(spec.get(), resolved.slos(), phases, events, recorder,
                            target.metrics()).ifPresent(reason -> {
                                abort(reason);
                                throw new Aborted();
                            });
                    experiment = target.faultInjector().start(request.get());
                    events.emit(SOURCE, "experiment.started", Map.of("experiment", experiment.id(),
                            "template", request.get().name()));
                    say("gameday: experiment %s (%s) started", experiment.id(), request.get().name());
                }
                waitUntil(phaseEnd, status, watch, phase, runStart, experiment, events);
                for (LiveWait wait : waits) {
                    if (wait.spec().phase().equals(phase.name())) {
                        wait.finish(); // its deadline is inside the phase: the outcome is (all but) in
                        wait.timedOut().ifPresent(message -> say("gameday: %s", message));
                    }
                }
            } finally {
                Instant ended = events.emit(SOURCE, "phase.ended", Map.of("phase", phase.name())).ts();
                phases.add(new PhaseWindow(phase.name(), phaseStart, ended));
                phaseStart = ended;
            }
            if (traffic.done()) {
                throw new IllegalStateException("the traffic ended early, in phase " + phase.name());
            }
        }
        return experiment;
    }

    /** Waits for {@code deadline}, printing the status line and checking the guardrails as it goes. */
    private void waitUntil(Instant deadline, StatusLine status, GuardrailWatch watch, PhaseSpec phase,
                           Instant runStart, RunningExperiment experiment, EventLog events) {
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            waitOrAbort(left.compareTo(GuardrailWatch.INTERVAL) < 0 ? left : GuardrailWatch.INTERVAL);
            watch.breach().ifPresent(reason -> {
                abort(reason);
                throw new Aborted();
            });
            waits.stream().flatMap(w -> w.abortReason().stream()).findFirst().ifPresent(reason -> {
                abort(reason);
                throw new Aborted();
            });
            if (experiment != null) {
                noticeStopCondition(experiment, events);
            }
            status.printIfDue(phase.name(), runStart, experiment);
        }
    }

    /**
     * Records, once, that the experiment's stop condition stopped it: the game day plays on (the
     * recovery is still evidence) and ends ABORTED with this reason, its SLOs judged.
     */
    private void noticeStopCondition(RunningExperiment experiment, EventLog events) {
        if (stoppedByStopCondition == null && experiment.stoppedByStopCondition()) {
            String reason = "stop condition: " + experiment.stopCondition().orElse("an alarm in ALARM");
            stoppedByStopCondition = reason;
            events.emit(SOURCE, "experiment.stopped", Map.of("experiment", experiment.id(), "reason", reason));
            say("gameday: experiment stopped — %s; the game day plays on to record the recovery", reason);
        }
    }

    /** Waits, returning early (by throwing {@link Aborted}) as soon as the run is aborted. */
    private void waitOrAbort(Duration duration) {
        try {
            if (abortSignal.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Aborted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort("interrupted");
            throw new Aborted();
        }
    }

    private void stopExperiment(RunningExperiment experiment, EventLog events) {
        if (experiment != null && !experiment.state().status().isFinal()) {
            String reason = abortReason != null ? "game day aborted: " + abortReason : "game day ended";
            experiment.stop(reason);
            events.emit(SOURCE, "experiment.stopped", Map.of("experiment", experiment.id(), "reason", reason));
        }
    }

    private void stopTraffic(ShopperTraffic traffic) {
        if (traffic == null) {
            return;
        }
        steps.begin("traffic end"); // ended by the next step
        if (abortReason != null) {
            traffic.stop(abortReason);
        } else {
            traffic.phasesOver();
        }
        try {
            traffic.end(TRAFFIC_END_TIMEOUT);
        } catch (RuntimeException e) {
            say("gameday: traffic did not end cleanly: %s", describe(e));
        }
    }

    /**
     * Fetches, once, every series the SLOs need plus the 1-second dashboard series, and writes them
     * to {@code metrics/}. The verdicts and the summary's client totals are then computed from those
     * files alone.
     */
    private void collectMetrics(RunDirectory run, Target target, ClientRecorder recorder, List<Slo> slos,
                                        List<PhaseWindow> phases, EventLog events, Instant endedAt) {
        if (phases.isEmpty()) {
            RecordedMetrics.write(run.serverMetrics(), List.of());
            RecordedMetrics.write(run.clientMetrics(), List.of());
            return;
        }
        Instant phasesStart = phases.get(0).start().truncatedTo(ChronoUnit.SECONDS);
        // Injectors' first requests can precede the phases' start by their feed's delay: keep every recorded second.
        Instant start = recorder.recordedRange().map(ClientRecorder.Range::start)
                .filter(phasesStart::isAfter).orElse(phasesStart);
        Instant end = endedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        // The SLOs' client series; the recorder adds its per-second series and histograms.
        List<TimeSeries> client = new ArrayList<>();
        List<TimeSeries> server = new ArrayList<>();
        if (target != null) {
            // At the finest period the source keeps (CloudWatch: a minute for AWS/*), not finer:
            // a 1 s query of a per-minute metric would come back nearly empty.
            MetricsSource source = target.metrics();
            List<MetricQuery> dashboard = DashboardSeries.queries(target.parameters()).stream()
                    .map(q -> q.withPeriod(Collections.max(List.of(q.period(), source.finestPeriod(q)))))
                    .toList();
            server.addAll(source.fetchAll(dashboard, start, end));
        }
        recordResolution(target, recorder, slos, events);
        // Server series of the same time range go in one fetchAll: on AWS one GetMetricData call per
        // range (up to 500 queries each) rather than one per series.
        Map<String, List<SeriesRequest>> serverByRange = new LinkedHashMap<>();
        for (SeriesRequest request : SloEvaluator.requiredSeries(slos, phases, events.events())) {
            if (request.isClientSide()) {
                client.add(request.fetchFrom(recorder));
            } else if (target != null) {
                serverByRange.computeIfAbsent(request.start() + "/" + request.end(), k -> new ArrayList<>()).add(request);
            }
        }
        for (List<SeriesRequest> sameRange : serverByRange.values()) {
            server.addAll(target.metrics().fetchAll(sameRange.stream().map(SeriesRequest::query).toList(),
                    sameRange.get(0).start(), sameRange.get(0).end()));
        }
        RecordedMetrics.write(run.serverMetrics(), server);
        recorder.writeTo(run.clientMetrics(), start, end, client);
    }

    /**
     * Asks each source for the finest period it keeps of every metric the SLOs read, and records the
     * answers as {@code metrics.resolution} events before anything is fetched: the SLOs' series are
     * rescaled to them (CloudWatch keeps {@code AWS/*} per minute), and evaluating the run directory
     * later reads them back from {@code events.jsonl} to rescale the same way.
     */
    private static void recordResolution(Target target, ClientRecorder recorder, List<Slo> slos, EventLog events) {
        Resolution resolution = Resolution.probe(SloEvaluator.metrics(slos), q ->
                q.namespace().equals(SeriesRequest.CLIENT_NAMESPACE) || target == null
                        ? recorder.finestPeriod(q) : target.metrics().finestPeriod(q));
        resolution.eventAttributes().forEach(attrs -> events.emit(SOURCE, Resolution.EVENT, attrs));
    }

    /**
     * Reads, once and while the target is still up, what the shop holds: the other side of the
     * order audit ({@code audit/orders.json}). Without it an order-integrity SLO is NO_DATA.
     */
    private void auditOrders(RunDirectory run, Target target, Instant since, EventLog events) {
        if (target == null || target.adminToken() == null) {
            return;
        }
        try {
            AuditedOrders audited = ShopAudit.of(target).fetchInto(run, since);
            events.emit(SOURCE, "orders.audited", Map.of("orders", audited.items().size()));
        } catch (RuntimeException e) {
            say("gameday: the order audit failed: %s", describe(e));
            events.emit(SOURCE, "orders.audit-failed", Map.of("reason", describe(e)));
        }
    }

    /**
     * Judges the SLOs from the run directory alone (events, recorded metrics, ledger, audit), never
     * from live sources: {@code gameday report} on the same directory reaches the same verdicts.
     */
    private List<Verdict> judge(RunDirectory run, List<Slo> slos, boolean aborted) {
        try {
            return SloEvaluator.evaluate(slos, run);
        } catch (RuntimeException e) {
            if (aborted) {
                // An aborted run may lack the phases its SLOs are judged over; its verdict is ABORTED anyway.
                return List.of();
            }
            throw e;
        }
    }

    /**
     * The run's record — what only the run knows, not its files — with the SLO verdicts;
     * {@link RunSummary} adds the evidence the run directory holds (client totals, order audit).
     */
    private Summary summarise(GameDayDefinition def, RunDirectory run, Target target, Instant startedAt,
                              Instant endedAt, List<PhaseWindow> phases, List<Verdict> verdicts,
                              RunningExperiment experiment, Optional<ValidatedExperiment> request,
                              String aborted, Map<String, Long> apiCalls) {
        Summary.Builder summary = Summary.builder()
                .gameday(def.name(), def.description().strip())
                .target(target != null ? target.kind() : def.target())
                .run(run)
                .timing(startedAt, endedAt)
                .phases(phases)
                .verdicts(verdicts)
                .apiCalls(apiCalls);
        if (experiment != null) {
            summary.experiment(experimentSummary(request.map(ValidatedExperiment::name).orElse("?"), experiment));
        }
        if (aborted != null) {
            summary.aborted(aborted);
        }
        return summary.build();
    }

    /** The experiment's final states, as the summary keeps them (plain values: reports do not know the fault port). */
    private static Summary.Experiment experimentSummary(String template, RunningExperiment experiment) {
        List<Summary.Action> actions = experiment.actionStates().entrySet().stream()
                .map(a -> new Summary.Action(a.getKey(), a.getValue().status().fisName(), a.getValue().reason()))
                .toList();
        return Summary.Experiment.of(experiment.id(), template, experiment.state().status().fisName(),
                experiment.state().reason(), actions);
    }

    /**
     * The platform's own record of the run (on AWS: alarm history, ECS service events, RDS events) into
     * the event log, so the recovery anatomy reads the same events on both targets. What it cannot
     * read it says as events itself; anything else is said here and the run goes on: the verdict does
     * not depend on it.
     */
    private void recordPlatformHistory(Target target, Instant startedAt, Instant endedAt, EventLog events) {
        if (target == null) {
            return;
        }
        try {
            target.recordPlatformHistory(startedAt, endedAt);
        } catch (RuntimeException e) {
            events.emit(SOURCE, "history.unavailable", Map.of("error", describe(e)));
            say("gameday: reading the platform's history failed: %s", describe(e));
        }
    }

    private void closeTarget(Target target) {
        if (target != null) {
            try {
                target.close();
            } catch (RuntimeException e) {
                say("gameday: tearing the target down failed: %s", describe(e));
            }
        }
    }

    /** Keeps the definition that ran: the file as written, or, with {@code --set}, the resolved values. */
    private static void copyDefinition(GameDayDefinition def, RunDirectory run) {
        try {
            if (def.overrides().isEmpty()) {
                Files.copy(def.file(), run.definition());
                return;
            }
            ConfigNode resolved = ConfigNode.load(def.file());
            def.overrides().forEach(resolved::set);
            Files.writeString(run.definition(), "# " + def.file() + " with --set " + def.overrides() + "\n"
                    + new ObjectMapper(new YAMLFactory()).writeValueAsString(resolved.toPlain()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the definition into " + run.root(), e);
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof ConfigException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void say(String format, Object... args) {
        options.console().println(String.format(format, args));
        options.console().flush();
    }

    /** Thrown inside the run when {@link #abort} was called; caught by {@link #play}. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }
}
