package dev.gameday.orchestration;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.definition.ExperimentSpec;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.slo.evaluation.SeriesRequest;
import dev.gameday.slo.evaluation.SloEvaluator;
import dev.gameday.slo.evaluation.Verdict;
import dev.gameday.slo.phase.Phases;
import dev.gameday.slo.spec.Slo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The steady-state gate ({@code experiment.requireSteady: [slo names]}, Chaos Toolkit's
 * hypothesis before the method): just before the experiment starts, the named SLOs are judged over
 * the {@code steady} phase from the live sources; if one misses, the experiment is not started and
 * the run ends ABORTED naming the SLO and its measured value — a fault injected into an
 * already-unhealthy system proves nothing. Each phase an SLO's window names stands for
 * {@code steady} here, so the SLO's own window does not matter; only kinds judged over a window
 * ({@code ratio}, {@code threshold}) can be gated.
 */
public final class SteadyGate {

    /** The SLO kinds a gate can judge over the steady phase. */
    static final Set<String> KINDS = Set.of("ratio", "threshold");

    private SteadyGate() {
    }

    /**
     * Refuses a gate naming an SLO the game day does not have, or one of a kind it cannot judge,
     * at the {@code requireSteady} line; also refuses a gate without a {@code steady} phase.
     */
    static void requireKnown(GameDayDefinition definition, List<Slo> slos) {
        Optional<ExperimentSpec> spec = definition.experiment();
        if (spec.isEmpty() || spec.get().requireSteady().isEmpty()) {
            return;
        }
        var node = spec.get().requireSteadySource();
        if (definition.phases().stream().noneMatch(p -> p.name().equals("steady"))) {
            throw node.error("requireSteady judges the steady phase, which this game day does not have");
        }
        for (String name : spec.get().requireSteady()) {
            Optional<Slo> slo = slos.stream().filter(s -> s.name().equals(name)).findFirst();
            if (slo.isEmpty()) {
                throw node.error("no SLO named '" + name + "' in this game day (SLOs: "
                        + String.join(", ", slos.stream().map(Slo::name).toList()) + ")");
            }
            if (!KINDS.contains(slo.get().kind())) {
                throw node.error("SLO '" + name + "' is a " + slo.get().kind() + " SLO; requireSteady judges "
                        + String.join(" or ", KINDS.stream().sorted().toList()) + " SLOs over the steady phase");
            }
        }
    }

    /**
     * Judges the gate's SLOs over the steady phase, recording a {@code steady.checked} event.
     *
     * @return why the experiment must not start, or empty when every gated SLO passed (or there is no gate)
     */
    static Optional<String> check(ExperimentSpec spec, List<Slo> slos, List<PhaseWindow> phases, EventLog events,
                                  MetricsSource client, MetricsSource server) {
        if (spec.requireSteady().isEmpty()) {
            return Optional.empty();
        }
        List<Slo> gated = slos.stream().filter(s -> spec.requireSteady().contains(s.name())).toList();
        Optional<PhaseWindow> steady = phases.stream().filter(p -> p.name().equals("steady")).findFirst();
        if (steady.isEmpty()) {
            return Optional.of("requireSteady: the steady phase did not run");
        }
        List<PhaseWindow> asSteady = new ArrayList<>();
        for (String name : Phases.NAMES) {
            asSteady.add(new PhaseWindow(name, steady.get().start(), steady.get().end()));
        }
        MetricsSource live = new MetricsSource() {
            @Override
            public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
                return query.namespace().equals(SeriesRequest.CLIENT_NAMESPACE)
                        ? client.fetch(query, start, end) : server.fetch(query, start, end);
            }
        };
        for (Verdict v : SloEvaluator.evaluate(gated, asSteady, events.events(), live)) {
            events.emit("orchestrator", "steady.checked", Map.of("slo", v.name(), "verdict", v.status().name(),
                    "measured", v.measuredText()));
            if (!v.status().isMet()) {
                return Optional.of("requireSteady: SLO " + v.name() + " not met over steady — measured "
                        + v.measuredText() + " (" + v.objective() + "); the experiment was not started");
            }
        }
        return Optional.empty();
    }
}
