package dev.gameday.report;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.report.summary.Summary;
import dev.gameday.slo.evaluation.SeriesRequest;
import dev.gameday.slo.evaluation.SloEvaluator;
import dev.gameday.slo.evaluation.Verdict;
import dev.gameday.slo.phase.Phases;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small game day evaluated for real: steady 0–20 s, fault 20–40 s, recovery 40–60 s after
 * 12:00:00 UTC; availability passes, the steady p99 fails (0.734 s), capacity has no data.
 */
final class SampleRun {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final Map<String, String> LB = Map.of("LoadBalancer", "app/shop/1");

    final List<Event> events = new ArrayList<>();
    final List<PhaseWindow> phases;
    final List<Verdict> verdicts;

    SampleRun() {
        phase("steady", 0, 20);
        phase("fault", 20, 40);
        phase("recovery", 40, 60);
        events.add(new Event(T0.plusSeconds(20), "fis", "experiment.started", Map.of()));
        events.sort((a, b) -> a.ts().compareTo(b.ts()));
        phases = Phases.fromEvents(events);

        MetricStore store = new MetricStore();
        for (int s = 0; s < 60; s++) {
            store.record("Gameday/Client", "RequestCount", Map.of(), T0.plusSeconds(s), 100);
            store.record("Gameday/Client", "OkCount", Map.of(), T0.plusSeconds(s), s == 25 ? 97 : 100);
        }
        for (int i = 0; i < 100; i++) {
            store.record("AWS/ApplicationELB", "TargetResponseTime", LB, T0.plusSeconds(i % 20), i < 98 ? 0.2 : 0.734);
        }
        List<Slo> slos = SloParser.parseDocument(ConfigNode.parse("sample.yaml", """
                slos:
                  - name: shopper-availability
                    description: Shoppers keep getting answers.
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: { from: steady, to: recovery }
                    objective: 99%
                  - name: alb-p99-steady
                    kind: threshold
                    metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
                    window: steady
                    max: 0.5
                  - name: capacity-restored
                    kind: recovery
                    anchor: experiment.started
                    sli: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: c, ServiceName: s }, statistic: Minimum }
                    atLeast: 2
                    for: 3
                    objective: 30s
                """), Map.of("loadBalancer", "app/shop/1"));
        List<SeriesRequest> requests = SloEvaluator.requiredSeries(slos, phases, events);
        verdicts = SloEvaluator.evaluate(slos, phases, events, new RecordedMetrics(SeriesRequest.fetchAll(requests, store)));
    }

    private void phase(String name, int from, int to) {
        events.add(new Event(T0.plusSeconds(from), "orchestrator", Phases.STARTED, Map.of("phase", name)));
        events.add(new Event(T0.plusSeconds(to), "orchestrator", Phases.ENDED, Map.of("phase", name)));
    }

    Summary.Builder summary(String runId) {
        return Summary.builder()
                .gameday("smoke", "Kill one task under load.")
                .target("local")
                .runId(runId)
                .timing(T0, T0.plusSeconds(60))
                .phases(phases)
                .verdicts(verdicts)
                .experiment(new Summary.Experiment("EXP1", "ecs-stop-task", "completed", null,
                        List.of(new Summary.Action("stop-one-task", "completed", null))))
                .load(new Summary.Load(6000, 5997, 3));
    }
}
