package dev.gameday.slo.evaluation;

import dev.gameday.core.event.Event;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.audit.OrderEvidence;
import dev.gameday.slo.period.PeriodRule;
import dev.gameday.slo.period.Resolution;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.Anchor;
import dev.gameday.slo.spec.MetricRef;
import dev.gameday.slo.spec.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What every check judges from: the run's phases and events, the finest period each metric was
 * kept at, the recorded series and the order evidence. Before the series are fetched (when the
 * checks only say what they need) {@link #source} answers nothing.
 */
record Judging(PhaseTimeline timeline, Resolution resolution, MetricsSource source, OrderEvidence orders) {

    /** For {@link SloCheck#requests}: nothing is recorded yet, so no check may read a series. */
    static Judging beforeFetch(PhaseTimeline timeline, Resolution resolution) {
        MetricsSource none = (query, start, end) -> {
            throw new IllegalStateException("series are read only once recorded: " + query);
        };
        return new Judging(timeline, resolution, none, OrderEvidence.none());
    }

    TimeRange resolve(Window window) {
        return timeline.resolve(window);
    }

    Instant resolve(Anchor anchor) {
        return timeline.resolve(anchor);
    }

    TimeRange afterAnchor(Anchor anchor) {
        return timeline.afterAnchor(anchor);
    }

    List<Event> events() {
        return timeline.events();
    }

    /** The coarsest rule of the metrics one SLO reads: all its series are read over the same periods. */
    PeriodRule rule(MetricRef... metrics) {
        PeriodRule rule = PeriodRule.ONE_SECOND;
        for (MetricRef m : metrics) {
            rule = rule.coarser(resolution.rule(m.query(Duration.ofSeconds(1))));
        }
        return rule;
    }
}
