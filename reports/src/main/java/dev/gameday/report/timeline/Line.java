package dev.gameday.report.timeline;

import dev.gameday.core.metric.DataPoint;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One series drawn in a panel.
 *
 * @param label  the legend text
 * @param color  its colour
 * @param style  how it is drawn
 * @param right  whether it is read against the panel's right axis
 * @param period the length of one point's period; a longer gap between points breaks the line
 * @param points the points, ascending by timestamp (each the start of its period)
 */
public record Line(String label, Color color, Style style, boolean right, Duration period, List<DataPoint> points) {

    public Line {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(period, "period");
        points = List.copyOf(points);
    }

    /** How a line is drawn. */
    public enum Style {
        /** Points joined straight: rates and latencies. */
        LINE,
        /** Points joined straight over a light fill down to zero: volume. */
        AREA,
        /** A staircase: counts that change at an instant (hosts, tasks). */
        STEP,
        /** A dashed staircase: a target the solid one should meet (desired tasks). */
        DASHED_STEP
    }
}
