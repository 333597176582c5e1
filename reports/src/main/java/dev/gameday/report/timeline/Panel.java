package dev.gameday.report.timeline;

import java.util.List;

/**
 * One panel of the timeline: a title, a left axis (and optionally a right one) and the lines on
 * them. A panel whose lines have no point at all is drawn empty with "no data".
 *
 * @param title     e.g. {@code Latency p99}
 * @param leftUnit  the left axis' unit, e.g. {@code ms}
 * @param rightUnit the right axis' unit, or {@code null} for no right axis
 * @param integral  whether the left axis counts things (whole-number ticks only)
 * @param lines     what is drawn, in legend order
 */
public record Panel(String title, String leftUnit, String rightUnit, boolean integral, List<Line> lines) {

    public Panel {
        lines = List.copyOf(lines);
    }

    /** Whether any line has a point. */
    public boolean hasData() {
        return lines.stream().anyMatch(l -> !l.points().isEmpty());
    }
}
