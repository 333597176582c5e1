package dev.gameday.report.summary;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.recovery.RecoveryAnatomy;
import dev.gameday.slo.evaluation.Evidence;
import dev.gameday.slo.evaluation.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one game day found — the stable, documented schema of {@code summary.json}
 * ({@code reports/SUMMARY-SCHEMA.md}), read by CI gates and by every other report writer. A new
 * field may be added in the same {@code schemaVersion}; renaming or removing one bumps it.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param gameday       the game day's name, e.g. {@code az-outage}
 * @param description   the game day's description; may be empty
 * @param target        {@code local} or {@code aws}
 * @param runId         the run directory's name
 * @param startedAt     when the run started
 * @param endedAt       when the run ended
 * @param verdict       the gate's answer
 * @param abortReason   why the run was aborted, or {@code null}
 * @param phases        the phases that ran, in order
 * @param slos          one result per SLO, in the game day's order
 * @param experiments   the fault experiments and their final states
 * @param load          the client-side request totals
 * @param orders        the order audit, or {@code null} when none was made
 * @param apiCalls      the API calls the target made for the run's evidence, by name
 *                      ({@code cloudwatch:GetMetricData}, and {@code metricsRequested}, what that call is
 *                      billed by; on AWS also the history reads, e.g. {@code rds:DescribeEvents}); empty
 *                      when it made none (the local target)
 * @param recovery      the recovery anatomy of each fault, computed from the run directory
 *                      ({@code RecoveryCalculator}); empty without faults, and in summaries written
 *                      before it existed until {@code Reports} rewrites them
 * @param timings       how long each step around the phases took (start-up, traffic, audit, each
 *                      report, teardown), in the order they ran; empty in summaries written before it
 *                      existed, and rebuilt reports keep the run's own
 */
@JsonPropertyOrder({"schemaVersion", "gameday", "description", "target", "runId", "startedAt", "endedAt", "verdict",
        "abortReason", "phases", "slos", "experiments", "load", "orders", "apiCalls", "recovery", "timings"})
public record Summary(int schemaVersion, String gameday, String description, String target, String runId,
                      Instant startedAt, Instant endedAt, RunVerdict verdict, String abortReason, List<Phase> phases,
                      List<SloResult> slos, List<Experiment> experiments, Load load, Orders orders,
                      Map<String, Long> apiCalls, List<RecoveryAnatomy> recovery, List<Timing> timings) {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /** The gate's answer for a whole run; the exit code of {@code gameday run} follows from it. */
    public enum RunVerdict {
        /** Every SLO passed (exit 0). */
        PASS,
        /** At least one SLO failed or had no data (exit 1). */
        FAIL,
        /** The run could not finish: bad input, guardrail breach, target lost, Ctrl-C (exit 2). */
        ABORTED
    }

    public Summary {
        Objects.requireNonNull(gameday, "gameday");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(verdict, "verdict");
        description = description == null ? "" : description;
        phases = phases == null ? List.of() : List.copyOf(phases);
        slos = slos == null ? List.of() : List.copyOf(slos);
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        load = load == null ? new Load(0, 0, 0) : load;
        // Sorted, so summary.md lists them in a stable order, as summary.json does.
        apiCalls = apiCalls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(apiCalls));
        recovery = recovery == null ? List.of() : List.copyOf(recovery);
        timings = timings == null ? List.of() : List.copyOf(timings);
    }

    /**
     * This summary re-judged: under another run id, with these verdicts and the gate's verdict
     * recomputed from them (an aborted run stays aborted); everything else as recorded.
     */
    public Summary rejudged(String newRunId, List<Verdict> verdicts) {
        return new Summary(schemaVersion, gameday, description, target, newRunId, startedAt, endedAt,
                verdictOf(verdicts, abortReason != null), abortReason, phases,
                verdicts.stream().map(SloResult::of).toList(), experiments, load, orders, apiCalls, recovery, timings);
    }

    /** This summary with another recovery anatomy (everything else as it is). */
    public Summary withRecovery(List<RecoveryAnatomy> anatomy) {
        return new Summary(schemaVersion, gameday, description, target, runId, startedAt, endedAt, verdict, abortReason,
                phases, slos, experiments, load, orders, apiCalls, anatomy, timings);
    }

    /** This summary with the run's step timings (everything else as it is). */
    public Summary withTimings(List<Timing> steps) {
        return new Summary(schemaVersion, gameday, description, target, runId, startedAt, endedAt, verdict, abortReason,
                phases, slos, experiments, load, orders, apiCalls, recovery, steps);
    }

    /**
     * The gate's rule: {@code ABORTED} if the run was aborted, otherwise {@code PASS} if and only
     * if every SLO is {@code PASS} — a {@code NO_DATA} verdict cannot prove an SLO and fails the
     * gate. A game day without SLOs passes (nothing was promised).
     */
    public static RunVerdict verdictOf(List<Verdict> verdicts, boolean aborted) {
        if (aborted) {
            return RunVerdict.ABORTED;
        }
        return verdicts.stream().allMatch(v -> v.status().isMet()) ? RunVerdict.PASS : RunVerdict.FAIL;
    }

    /** A builder; the verdict is computed by {@link #verdictOf} when built. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One phase of the run.
     *
     * @param name  e.g. {@code steady}
     * @param start inclusive
     * @param end   exclusive
     */
    @JsonPropertyOrder({"name", "start", "end"})
    public record Phase(String name, Instant start, Instant end) {

        /** From the run model. */
        public static Phase of(PhaseWindow window) {
            return new Phase(window.name(), window.start(), window.end());
        }
    }

    /**
     * One SLO's outcome.
     *
     * @param name         the SLO's name
     * @param kind         {@code ratio}, {@code threshold}, {@code recovery}, {@code eventually}
     * @param description  the SLO's description; may be empty
     * @param objective    e.g. {@code ≥ 99.00%}
     * @param measured     the measured value, or {@code null} when nothing was measured
     * @param measuredText the measured value for people
     * @param verdict      {@code PASS}, {@code FAIL} or {@code NO_DATA}
     * @param explanation  one sentence
     * @param evidence     the series read, the window, the bound, the first breach
     */
    @JsonPropertyOrder({"name", "kind", "description", "objective", "measured", "measuredText", "verdict",
            "explanation", "evidence"})
    public record SloResult(String name, String kind, String description, String objective, Double measured,
                            String measuredText, Verdict.Status verdict, String explanation, Evidence evidence) {

        /** From an evaluator verdict ({@code NaN} becomes {@code null}: JSON has no NaN). */
        public static SloResult of(Verdict v) {
            Double measured = Double.isNaN(v.measured()) ? null : v.measured();
            return new SloResult(v.name(), v.kind(), v.description(), v.objective(), measured, v.measuredText(),
                    v.status(), v.explanation(), v.evidence());
        }
    }

    /**
     * One fault experiment.
     *
     * @param id       the experiment id ({@code EXP…} on AWS)
     * @param template the template's catalogue name
     * @param state    the final state as FIS names it, e.g. {@code completed}
     * @param reason   FIS's reason for that state, or {@code null}
     * @param actions  the actions, by name, with their final states
     */
    @JsonPropertyOrder({"id", "template", "state", "reason", "actions"})
    public record Experiment(String id, String template, String state, String reason, List<Action> actions) {

        public Experiment {
            actions = actions == null ? List.of() : List.copyOf(actions);
        }

        /** From an experiment's final states, as plain values, at the end of the run; actions sorted by name. */
        public static Experiment of(String id, String template, String state, String reason, List<Action> actions) {
            return new Experiment(id, template, state, reason,
                    actions.stream().sorted(Comparator.comparing(Action::name)).toList());
        }
    }

    /**
     * One action of an experiment.
     *
     * @param name   the action's name in the template
     * @param state  the final state, e.g. {@code completed}, {@code skipped}
     * @param reason why, or {@code null}
     */
    @JsonPropertyOrder({"name", "state", "reason"})
    public record Action(String name, String state, String reason) {
    }

    /**
     * The client-side totals over the whole run.
     *
     * @param requests every request sent
     * @param ok       requests answered as expected
     * @param ko       the others (errors, timeouts)
     */
    @JsonPropertyOrder({"requests", "ok", "ko", "injectors"})
    public record Load(long requests, long ok, long ko, List<Injector> injectors) {
        public Load {
            injectors = injectors == null ? List.of() : List.copyOf(injectors);
        }

        /** The totals of a run whose traffic came from one injector, inside the harness. */
        public Load(long requests, long ok, long ko) {
            this(requests, ok, ko, List.of());
        }
    }

    /**
     * One of several injectors ({@code load.injectors > 1}): the share of the load it sent, from
     * where. Its own files are under {@code injectors/<id>/}; the run's figures are their exact merge.
     *
     * @param id            the injector's id
     * @param zone          the zone it ran in
     * @param requests      requests it sent
     * @param ok            answered as expected
     * @param ko            the others
     * @param orders        checkouts it recorded in its ledger
     * @param died          whether it died before the traffic ended (its seconds until then are kept)
     * @param gatlingReport its own Gatling report, relative to the run directory (its share only)
     */
    @JsonPropertyOrder({"id", "zone", "requests", "ok", "ko", "orders", "died", "gatlingReport"})
    public record Injector(String id, String zone, long requests, long ok, long ko, long orders, boolean died,
                           String gatlingReport) {
    }

    /**
     * The order audit (Jepsen set checker): valid only when lost, unexpected and duplicated are 0.
     *
     * @param acknowledged orders the client saw succeed
     * @param lost         acknowledged but absent
     * @param duplicated   two records for one logical order
     * @param unexpected   present but never attempted
     * @param recovered    indeterminate (timeout) but present
     * @param mismatched   acknowledged, but the shop holds the key under another order id
     */
    @JsonPropertyOrder({"acknowledged", "lost", "duplicated", "unexpected", "recovered", "mismatched"})
    public record Orders(long acknowledged, long lost, long duplicated, long unexpected, long recovered,
                         long mismatched) {

        /** An audit without the id comparison (summaries written before it existed read as 0 mismatched). */
        public Orders(long acknowledged, long lost, long duplicated, long unexpected, long recovered) {
            this(acknowledged, lost, duplicated, unexpected, recovered, 0);
        }

        /** Whether no acknowledged order was lost, duplicated or mismatched, and none invented. */
        public boolean intact() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && mismatched == 0;
        }
    }

    /**
     * How long one step of the run took, measured by the run itself (not a function of the run
     * directory: {@code gameday report} keeps the recorded ones).
     *
     * @param step     the step's name, e.g. {@code preflight}, {@code target open}, {@code report timeline.png};
     *                 a part of a step is named {@code <step> / <part>}, e.g. {@code target open / database writer}
     * @param start    when it started, or {@code null} when it did not run
     * @param duration how long it took, or {@code null} when it did not run
     */
    @JsonPropertyOrder({"step", "start", "duration"})
    public record Timing(String step, Instant start, Duration duration) {

        public Timing {
            Objects.requireNonNull(step, "step");
            if ((start == null) != (duration == null)) {
                throw new IllegalArgumentException("step " + step + ": start and duration are both set or both null");
            }
        }

        /** Whether the step ran. */
        public boolean ran() {
            return duration != null;
        }
    }

    /** Builds a {@link Summary}; the run verdict follows from the SLO verdicts and the abort reason. */
    public static final class Builder {
        private String gameday;
        private String description = "";
        private String target;
        private String runId;
        private Instant startedAt;
        private Instant endedAt;
        private String abortReason;
        private final List<Phase> phases = new ArrayList<>();
        private final List<Verdict> verdicts = new ArrayList<>();
        private final List<Experiment> experiments = new ArrayList<>();
        private Load load = new Load(0, 0, 0);
        private Orders orders;
        private Map<String, Long> apiCalls = Map.of();

        private Builder() {
        }

        public Builder gameday(String name, String description) {
            this.gameday = name;
            this.description = description;
            return this;
        }

        public Builder target(String target) {
            this.target = target;
            return this;
        }

        /** The run id, from the run directory's name. */
        public Builder run(RunDirectory run) {
            return runId(run.id());
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder timing(Instant startedAt, Instant endedAt) {
            this.startedAt = startedAt;
            this.endedAt = endedAt;
            return this;
        }

        public Builder phases(List<PhaseWindow> windows) {
            windows.forEach(w -> phases.add(Phase.of(w)));
            return this;
        }

        public Builder verdicts(List<Verdict> verdicts) {
            this.verdicts.addAll(verdicts);
            return this;
        }

        public Builder experiment(Experiment experiment) {
            experiments.add(experiment);
            return this;
        }

        public Builder load(Load load) {
            this.load = load;
            return this;
        }

        public Builder orders(Orders orders) {
            this.orders = orders;
            return this;
        }

        /** The API calls the target made for the run's evidence ({@code MetricsSource.apiUsage()}). */
        public Builder apiCalls(Map<String, Long> apiCalls) {
            this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
            return this;
        }

        /** Marks the run aborted; {@code reason} says why (a guardrail, Ctrl-C, …). */
        public Builder aborted(String reason) {
            this.abortReason = Objects.requireNonNull(reason, "reason");
            return this;
        }

        public Summary build() {
            return new Summary(SCHEMA_VERSION, gameday, description, target, runId, startedAt, endedAt,
                    verdictOf(verdicts, abortReason != null), abortReason, phases,
                    verdicts.stream().map(SloResult::of).toList(), experiments, load, orders, apiCalls, List.of(), List.of());
        }
    }

    /** Counts of SLO verdicts by status, in {@code PASS, FAIL, NO_DATA} order. */
    public Map<Verdict.Status, Long> sloCounts() {
        Map<Verdict.Status, Long> out = new java.util.EnumMap<>(Verdict.Status.class);
        for (Verdict.Status s : Verdict.Status.values()) {
            out.put(s, slos.stream().filter(r -> r.verdict() == s).count());
        }
        return out;
    }
}
