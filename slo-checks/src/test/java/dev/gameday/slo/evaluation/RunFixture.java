package dev.gameday.slo.evaluation;

import dev.gameday.core.event.Event;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.slo.phase.Phases;
import dev.gameday.slo.spec.Slo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hand-built run: phases warmup 0–10 s, steady 10–30 s, fault 30–60 s, recovery 60–90 s,
 * cooldown 90–100 s after 12:00:00 UTC, an {@code experiment.started} at 30.4 s, and a
 * {@link MetricStore} to record samples into. Evaluates the way the orchestrator does: ask for
 * the required series, fetch them from the store, keep only those, evaluate from the recording.
 */
final class RunFixture {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    final MetricStore store = new MetricStore();
    final List<Event> events = new ArrayList<>();

    RunFixture() {
        phase("warmup", 0, 10);
        phase("steady", 10, 30);
        phase("fault", 30, 60);
        phase("recovery", 60, 90);
        phase("cooldown", 90, 100);
        events.add(new Event(T0.plusMillis(30_400), "fis", "experiment.started", Map.of("id", "EXP1")));
        events.sort((a, b) -> a.ts().compareTo(b.ts()));
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    private void phase(String name, int from, int to) {
        events.add(new Event(at(from), "orchestrator", Phases.STARTED, Map.of("phase", name)));
        events.add(new Event(at(to), "orchestrator", Phases.ENDED, Map.of("phase", name)));
    }

    /** Records {@code value} once per second for seconds {@code [from, to)} (a gauge, or a counter of 1s). */
    void everySecond(String namespace, String metric, Map<String, String> dims, int from, int to, double value) {
        for (int s = from; s < to; s++) {
            store.record(namespace, metric, dims, at(s), value);
        }
    }

    List<PhaseWindow> phases() {
        return Phases.fromEvents(events);
    }

    RecordedMetrics record(List<Slo> slos) {
        List<SeriesRequest> requests = SloEvaluator.requiredSeries(slos, phases(), events);
        return new RecordedMetrics(SeriesRequest.fetchAll(requests, store));
    }

    List<Verdict> evaluate(List<Slo> slos) {
        return SloEvaluator.evaluate(slos, phases(), events, record(slos));
    }

    Verdict evaluate(Slo slo) {
        return evaluate(List.of(slo)).get(0);
    }
}
