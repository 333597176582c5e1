package dev.gameday.report.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the timeline picture shows, already chosen from the run: stacked panels sharing one
 * time axis, the phases along the top, fault windows shaded, events marked. Kept apart from the
 * drawing so what is shown can be tested without looking at pixels.
 *
 * @param title       the heading, e.g. {@code smoke — PASS}
 * @param subtitle    the line under it: run id, target, time range
 * @param start       left edge of the time axis (inclusive)
 * @param end         right edge of the time axis (exclusive)
 * @param phases      the phases, in order
 * @param experiments when each fault experiment ran (start → final state)
 * @param marks       events drawn as ticks
 * @param panels      the panels, top to bottom
 */
public record Chart(String title, String subtitle, Instant start, Instant end, List<Span> phases,
                    List<Span> experiments, List<Mark> marks, List<Panel> panels) {

    public Chart {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("the time axis must end after it starts: " + start + " – " + end);
        }
        title = title == null ? "" : title;
        subtitle = subtitle == null ? "" : subtitle;
        phases = List.copyOf(phases);
        experiments = List.copyOf(experiments);
        marks = List.copyOf(marks);
        panels = List.copyOf(panels);
    }

    /**
     * A named stretch of time: a phase, or a fault experiment's run.
     *
     * @param label e.g. {@code steady}
     * @param start inclusive
     * @param end   exclusive
     */
    public record Span(String label, Instant start, Instant end) {
    }

    /**
     * One event drawn as a thin tick.
     *
     * @param at     when it happened
     * @param kind   what happened (sets colour and legend entry)
     * @param detail e.g. the zone; not drawn, kept for tests and future tooltips
     */
    public record Mark(Instant at, MarkKind kind, String detail) {
    }

    /** The kinds of event the timeline marks, each with its legend text. */
    public enum MarkKind {
        /** {@code task.stopped}. */
        TASK_STOPPED("task stopped"),
        /** {@code task.started}. */
        TASK_STARTED("task started"),
        /** {@code target.unhealthy}. */
        TARGET_UNHEALTHY("target unhealthy"),
        /** {@code target.healthy}. */
        TARGET_HEALTHY("target healthy"),
        /** {@code db.failover.started} / {@code db.failover.completed}, {@code zone.impaired}. */
        INFRASTRUCTURE("DB failover / zone impaired"),
        /** {@code gameday.aborted}, {@code experiment.stopped}: somebody pulled the brake. */
        STOP("stopped / aborted");

        private final String legend;

        MarkKind(String legend) {
            this.legend = legend;
        }

        /** The legend text. */
        public String legend() {
            return legend;
        }
    }
}
