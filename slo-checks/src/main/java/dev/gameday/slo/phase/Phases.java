package dev.gameday.slo.phase;

import dev.gameday.core.event.Event;
import dev.gameday.core.run.PhaseWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The phases of a run, rebuilt from the orchestrator's {@code phase.started} / {@code phase.ended}
 * events, so the same {@code events.jsonl} always yields the same windows.
 */
public final class Phases {

    /** The phases a game day can have, in the order they run. */
    public static final List<String> NAMES = List.of("warmup", "steady", "fault", "recovery", "cooldown");

    /** The event type that opens a phase (attribute {@code phase}). */
    public static final String STARTED = "phase.started";

    /** The event type that closes a phase (attribute {@code phase}). */
    public static final String ENDED = "phase.ended";

    private Phases() {
    }

    /**
     * The phase windows in the order they started. A phase still open when the events end ends at
     * the last event's time; a phase that starts while another is open closes the open one (the
     * orchestrator should not do that, but an aborted run may). An {@code ended} without a
     * matching {@code started} is ignored.
     */
    public static List<PhaseWindow> fromEvents(List<Event> events) {
        // Sort by time (stably) so a log appended from several threads still reads in order.
        List<Event> ordered = events.stream().sorted(Comparator.comparing(Event::ts)).toList();
        List<PhaseWindow> out = new ArrayList<>();
        String open = null;
        Instant openedAt = null;
        for (Event event : ordered) {
            String phase = event.attr("phase");
            if (phase == null) {
                continue;
            }
            if (event.type().equals(STARTED)) {
                if (open != null) {
                    out.add(new PhaseWindow(open, openedAt, event.ts()));
                }
                open = phase;
                openedAt = event.ts();
            } else if (event.type().equals(ENDED) && phase.equals(open)) {
                out.add(new PhaseWindow(open, openedAt, event.ts()));
                open = null;
                openedAt = null;
            }
        }
        if (open != null) {
            out.add(new PhaseWindow(open, openedAt, ordered.get(ordered.size() - 1).ts()));
        }
        return List.copyOf(out);
    }
}
