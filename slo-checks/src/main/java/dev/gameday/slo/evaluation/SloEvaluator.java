package dev.gameday.slo.evaluation;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.slo.audit.OrderEvidence;
import dev.gameday.slo.period.PeriodRule;
import dev.gameday.slo.period.Resolution;
import dev.gameday.slo.phase.Phases;
import dev.gameday.slo.phase.UnresolvedWindowException;
import dev.gameday.slo.spec.Slo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges SLOs, purely and in two steps, so that every verdict can be recomputed from the run
 * directory alone:
 * <ol>
 *   <li>{@link #requiredSeries} says which series to fetch — once, from the live source — and
 *       record in {@code metrics/server.json} / {@code client.json};</li>
 *   <li>{@link #evaluate} computes the verdicts from those recorded series (a
 *       {@link dev.gameday.core.metric.RecordedMetrics}).</li>
 * </ol>
 * The same SLOs, phases, events and recorded series always give the same verdicts. The
 * {@code order-integrity} kind reads no metrics: its input is the run's {@link OrderEvidence}
 * (ledger + the shop's audit), recorded once, like the series, and judged from the files.
 */
public final class SloEvaluator {

    private SloEvaluator() {
    }

    /**
     * The series the SLOs need: for a ratio, both counters summed over the window as one period;
     * for a whole-window threshold, one period spanning the window (its length rounded up to whole
     * seconds, so a p99 is exact); for threshold slices the slice period; for recovery and
     * eventually 1-second periods; for burn rates, as for ratios. Windows that cannot be placed (a
     * phase that never ran) ask for nothing: their SLOs will be {@code NO_DATA}. Duplicates are merged.
     * A metric whose source keeps coarser data (a {@code metrics.resolution} event in {@code events},
     * see {@link Resolution}) is asked for on that grid instead ({@link PeriodRule}).
     */
    public static List<SeriesRequest> requiredSeries(List<Slo> slos, List<PhaseWindow> phases, List<Event> events) {
        Judging run = Judging.beforeFetch(new PhaseTimeline(phases, events), Resolution.fromEvents(events));
        List<SeriesRequest> out = new ArrayList<>();
        for (Slo slo : slos) {
            try {
                out.addAll(SloChecks.of(slo).requests(run));
            } catch (UnresolvedWindowException e) {
                // Nothing to fetch; evaluate() reports why.
            }
        }
        return SeriesRequest.merge(out);
    }

    /**
     * One verdict per SLO, in the SLOs' order, from recorded series, without order evidence: an
     * {@code order-integrity} SLO is then {@code NO_DATA}. Use the overload with
     * {@link OrderEvidence} when the game day has one.
     */
    public static List<Verdict> evaluate(List<Slo> slos, List<PhaseWindow> phases, List<Event> events,
                                         MetricsSource recorded) {
        return evaluate(slos, phases, events, recorded, OrderEvidence.none());
    }

    /**
     * One verdict per SLO, in the SLOs' order: metric SLOs from the recorded series, the
     * {@code order-integrity} SLO from the run's ledger and the shop's audit.
     */
    public static List<Verdict> evaluate(List<Slo> slos, List<PhaseWindow> phases, List<Event> events,
                                         MetricsSource recorded, OrderEvidence orders) {
        Judging run = new Judging(new PhaseTimeline(phases, events), Resolution.fromEvents(events), recorded, orders);
        return slos.stream().map(slo -> evaluate(SloChecks.of(slo), run)).toList();
    }

    /**
     * One verdict per SLO from a run directory alone: phases from {@code events.jsonl}, series from
     * {@code metrics/}, orders from {@code orders.jsonl} and {@code audit/orders.json}. This is how a
     * verdict is recomputed after the fact ({@code gameday report}, CI).
     */
    public static List<Verdict> evaluate(List<Slo> slos, RunDirectory run) {
        List<Event> events = EventLog.read(run.events());
        return evaluate(slos, Phases.fromEvents(events), events, RecordedSeries.read(run), OrderEvidence.read(run));
    }

    /** A window that cannot be placed on the run (a phase that never ran) makes the SLO {@code NO_DATA}. */
    private static Verdict evaluate(SloChecks.Binding<?> check, Judging run) {
        try {
            return check.evaluate(run);
        } catch (UnresolvedWindowException e) {
            return Verdicts.noData(check.slo(), check.objective(), e.getMessage(), null, List.of());
        }
    }

    /**
     * Every metric the SLOs read, once each (at a 1-second period): what the orchestrator asks its
     * sources for their finest period ({@link Resolution#probe}) before it fetches anything.
     */
    public static List<MetricQuery> metrics(List<Slo> slos) {
        Set<MetricQuery> out = new LinkedHashSet<>();
        for (Slo slo : slos) {
            out.addAll(SloChecks.of(slo).metrics());
        }
        return List.copyOf(out);
    }
}
