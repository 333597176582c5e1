package dev.gameday.slo.phase;

import dev.gameday.core.event.Event;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.slo.spec.Anchor;
import dev.gameday.slo.spec.Window;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Places SLO windows and anchors in time, from a run's phases and events. */
public final class Windows {

    private Windows() {
    }

    /**
     * The whole-second range a window covers in this run.
     *
     * @throws UnresolvedWindowException when a phase or event the window needs is not in the run
     */
    public static TimeRange resolve(Window window, List<PhaseWindow> phases, List<Event> events) {
        if (window instanceof Window.Phase p) {
            PhaseWindow phase = phase(p.phase(), phases);
            return TimeRange.covering(phase.start(), phase.end(), p.label());
        }
        if (window instanceof Window.PhaseRange r) {
            PhaseWindow from = phase(r.from(), phases);
            PhaseWindow to = phase(r.to(), phases);
            if (to.end().isBefore(from.start())) {
                throw new UnresolvedWindowException("phase " + r.to() + " ended before " + r.from() + " started");
            }
            return TimeRange.covering(from.start(), to.end(), r.label());
        }
        if (window instanceof Window.AfterEvent a) {
            Instant at = firstEvent(a.eventType(), events);
            return TimeRange.covering(at, at.plus(a.length()), a.label());
        }
        // Window.Run
        if (phases.isEmpty()) {
            throw new UnresolvedWindowException("the run has no phases");
        }
        Instant start = phases.stream().map(PhaseWindow::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = phases.stream().map(PhaseWindow::end).max(Comparator.naturalOrder()).orElseThrow();
        return TimeRange.covering(start, end, window.label());
    }

    /**
     * The instant an anchor names.
     *
     * @throws UnresolvedWindowException when the phase or event is not in the run
     */
    public static Instant resolve(Anchor anchor, List<PhaseWindow> phases, List<Event> events) {
        if (anchor instanceof Anchor.PhaseBoundary b) {
            PhaseWindow phase = phase(b.phase(), phases);
            return b.end() ? phase.end() : phase.start();
        }
        return firstEvent(((Anchor.OnEvent) anchor).eventType(), events);
    }

    /**
     * Where the run ends: the last phase's end, or the last event when there are no phases.
     * Recovery is looked for up to here.
     */
    public static Optional<Instant> runEnd(List<PhaseWindow> phases, List<Event> events) {
        Optional<Instant> lastPhase = phases.stream().map(PhaseWindow::end).max(Comparator.naturalOrder());
        if (lastPhase.isPresent()) {
            return lastPhase;
        }
        return events.stream().map(Event::ts).max(Comparator.naturalOrder());
    }

    /** The first window of a phase: a phase that ran twice is judged by its first run. */
    private static PhaseWindow phase(String name, List<PhaseWindow> phases) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnresolvedWindowException("the run has no " + name + " phase"));
    }

    private static Instant firstEvent(String type, List<Event> events) {
        return events.stream().filter(e -> e.type().equals(type)).map(Event::ts).min(Comparator.naturalOrder())
                .orElseThrow(() -> new UnresolvedWindowException("the run has no " + type + " event"));
    }
}
