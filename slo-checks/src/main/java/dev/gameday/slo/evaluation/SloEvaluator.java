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
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.phase.UnresolvedWindowException;
import dev.gameday.slo.spec.AlarmSlo;
import dev.gameday.slo.spec.BurnRateSlo;
import dev.gameday.slo.spec.DnsFailoverSlo;
import dev.gameday.slo.spec.EventuallySlo;
import dev.gameday.slo.spec.MetricRef;
import dev.gameday.slo.spec.OrderIntegritySlo;
import dev.gameday.slo.spec.RatioSlo;
import dev.gameday.slo.spec.RecoverySlo;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.ThresholdSlo;
import dev.gameday.slo.spec.Window;

import java.time.Duration;
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
        RunTimeline run = new RunTimeline(phases, events);
        Resolution resolution = Resolution.fromEvents(events);
        List<SeriesRequest> out = new ArrayList<>();
        for (Slo slo : slos) {
            try {
                out.addAll(requests(slo, run, resolution));
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
        RunTimeline run = new RunTimeline(phases, events);
        Resolution resolution = Resolution.fromEvents(events);
        return slos.stream().map(slo -> evaluate(slo, run, recorded, orders, resolution)).toList();
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

    private static List<SeriesRequest> requests(Slo slo, RunTimeline run, Resolution resolution) {
        if (slo instanceof OrderIntegritySlo || slo instanceof DnsFailoverSlo) {
            return List.of(); // judged from the ledger and audit, or from dns.answer events
        }
        if (slo instanceof AlarmSlo a) {
            return AlarmCheck.requests(a, run.resolve(new Window.Run()), resolution.rule(a.alarm().metric()));
        }
        if (slo instanceof RatioSlo r) {
            return RatioCheck.requests(r, run.resolve(r.window()), rule(resolution, r.counted(), r.valid()));
        }
        if (slo instanceof ThresholdSlo t) {
            return ThresholdCheck.requests(t, run.resolve(t.window()), rule(resolution, t.metric()));
        }
        if (slo instanceof RecoverySlo r) {
            return RecoveryCheck.requests(r, run.afterAnchor(r.anchor()), rule(resolution, r.sli()));
        }
        if (slo instanceof BurnRateSlo b) {
            return BurnRateCheck.requests(b, run.resolve(b.window()), rule(resolution, b.counted(), b.valid()));
        }
        EventuallySlo e = (EventuallySlo) slo;
        return EventuallyCheck.requests(e, run.resolve(e.window()), rule(resolution, e.sli()));
    }

    private static Verdict evaluate(Slo slo, RunTimeline run, MetricsSource source, OrderEvidence orders,
                                    Resolution resolution) {
        if (slo instanceof OrderIntegritySlo o) {
            return OrderIntegrityCheck.evaluate(o, orders);
        }
        if (slo instanceof AlarmSlo a) {
            return AlarmCheck.evaluate(a, run, source, resolution.rule(a.alarm().metric()));
        }
        if (slo instanceof DnsFailoverSlo d) {
            return DnsFailoverCheck.evaluate(d, run);
        }
        String objective = objective(slo);
        TimeRange range;
        try {
            range = slo instanceof RecoverySlo r ? run.afterAnchor(r.anchor()) : run.resolve(window(slo));
        } catch (UnresolvedWindowException e) {
            return Verdicts.noData(slo, objective, e.getMessage(), null, List.of());
        }
        if (slo instanceof RatioSlo r) {
            return RatioCheck.evaluate(r, range, source, rule(resolution, r.counted(), r.valid()));
        }
        if (slo instanceof ThresholdSlo t) {
            return ThresholdCheck.evaluate(t, range, source, rule(resolution, t.metric()));
        }
        if (slo instanceof RecoverySlo r) {
            return RecoveryCheck.evaluate(r, range, source, rule(resolution, r.sli()));
        }
        if (slo instanceof BurnRateSlo b) {
            return BurnRateCheck.evaluate(b, range, source, rule(resolution, b.counted(), b.valid()));
        }
        EventuallySlo e = (EventuallySlo) slo;
        return EventuallyCheck.evaluate(e, range, source, rule(resolution, e.sli()));
    }

    /**
     * Every metric the SLOs read, once each (at a 1-second period): what the orchestrator asks its
     * sources for their finest period ({@link Resolution#probe}) before it fetches anything.
     */
    public static List<MetricQuery> metrics(List<Slo> slos) {
        Duration second = Duration.ofSeconds(1);
        Set<MetricQuery> out = new LinkedHashSet<>();
        for (Slo slo : slos) {
            if (slo instanceof AlarmSlo a) {
                out.add(a.alarm().metric().withPeriod(second));
            } else if (slo instanceof RatioSlo r) {
                out.add(r.counted().query(second));
                out.add(r.valid().query(second));
            } else if (slo instanceof BurnRateSlo b) {
                out.add(b.counted().query(second));
                out.add(b.valid().query(second));
            } else if (slo instanceof ThresholdSlo t) {
                out.add(t.metric().query(second));
            } else if (slo instanceof RecoverySlo r) {
                out.add(r.sli().query(second));
            } else if (slo instanceof EventuallySlo e) {
                out.add(e.sli().query(second));
            }
        }
        return List.copyOf(out);
    }

    /** The coarsest rule of the metrics one SLO reads: all its series are read over the same periods. */
    private static PeriodRule rule(Resolution resolution, MetricRef... metrics) {
        PeriodRule rule = PeriodRule.ONE_SECOND;
        for (MetricRef m : metrics) {
            rule = rule.coarser(resolution.rule(m.query(Duration.ofSeconds(1))));
        }
        return rule;
    }

    private static Window window(Slo slo) {
        if (slo instanceof RatioSlo r) {
            return r.window();
        }
        if (slo instanceof ThresholdSlo t) {
            return t.window();
        }
        if (slo instanceof BurnRateSlo b) {
            return b.window();
        }
        return ((EventuallySlo) slo).window();
    }

    private static String objective(Slo slo) {
        if (slo instanceof RatioSlo r) {
            return RatioCheck.objective(r);
        }
        if (slo instanceof ThresholdSlo t) {
            return ThresholdCheck.objective(t);
        }
        if (slo instanceof RecoverySlo r) {
            return RecoveryCheck.objective(r);
        }
        if (slo instanceof BurnRateSlo b) {
            return BurnRateCheck.objective(b);
        }
        return EventuallyCheck.objective((EventuallySlo) slo);
    }
}
