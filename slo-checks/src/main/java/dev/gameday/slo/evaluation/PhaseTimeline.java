package dev.gameday.slo.evaluation;

import dev.gameday.core.event.Event;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.phase.UnresolvedWindowException;
import dev.gameday.slo.phase.Windows;
import dev.gameday.slo.spec.Anchor;
import dev.gameday.slo.spec.Window;

import java.time.Instant;
import java.util.List;

/** A run's phases and events, which is all windows and anchors are resolved from. */
record PhaseTimeline(List<PhaseWindow> phases, List<Event> events) {

    PhaseTimeline {
        phases = List.copyOf(phases);
        events = List.copyOf(events);
    }

    TimeRange resolve(Window window) {
        return Windows.resolve(window, phases, events);
    }

    Instant resolve(Anchor anchor) {
        return Windows.resolve(anchor, phases, events);
    }

    /** From the anchor to the end of the run: where a recovery is looked for. */
    TimeRange afterAnchor(Anchor anchor) {
        Instant at = resolve(anchor);
        Instant end = Windows.runEnd(phases, events)
                .orElseThrow(() -> new UnresolvedWindowException("the run has no events"));
        return TimeRange.covering(at, end.isAfter(at) ? end : at, anchor.label() + " to run end");
    }
}
