package dev.gameday.report.timeline;

import dev.gameday.core.metric.DataPoint;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Draws a {@link Chart} with plain Java2D. Everything is placed from the chart alone (no clock,
 * no random colour), and text uses the logical {@code SansSerif} font, so one JVM with one set
 * of fonts draws the same pixels every time.
 */
final class ChartPainter {

    static final int WIDTH = 1400;
    static final int HEIGHT = 900;

    private static final int LEFT = 92;
    private static final int RIGHT = WIDTH - 84;
    private static final int PHASE_TOP = 66;
    private static final int PHASE_HEIGHT = 24;
    private static final int LANE_TOP = PHASE_TOP + PHASE_HEIGHT + 2;
    private static final int LANE_HEIGHT = 14;
    private static final int PANELS_TOP = LANE_TOP + LANE_HEIGHT + 6;
    private static final int PANELS_BOTTOM = HEIGHT - 82;
    private static final int PANEL_GAP = 10;
    private static final int HEADER = 20;

    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x66, 0x66, 0x66);
    private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
    private static final Color FRAME = new Color(0xb0, 0xb0, 0xb0);
    private static final Color FAULT_PHASE = new Color(0xd6, 0x27, 0x28, 26);
    private static final Color EXPERIMENT = new Color(0xd6, 0x27, 0x28, 34);
    private static final Color EXPERIMENT_EDGE = new Color(0xb0, 0x10, 0x10, 190);
    private static final Color[] PHASE_BANDS = {new Color(0xee, 0xf2, 0xf7), new Color(0xe0, 0xe7, 0xf0)};
    private static final Color FAULT_BAND = new Color(0xf6, 0xd5, 0xd5);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int[] TICK_SECONDS = {1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
            10800, 21600};

    private final Chart chart;
    private final Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private final Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private final Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private final Font title = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private Graphics2D g;

    private ChartPainter(Chart chart) {
        this.chart = chart;
    }

    /** The chart as a {@value #WIDTH}×{@value #HEIGHT} RGB image. */
    static BufferedImage paint(Chart chart) {
        return new ChartPainter(chart).paint();
    }

    private BufferedImage paint() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            // Greyscale text antialiasing: sub-pixel (LCD) text would depend on the display setup.
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            header();
            List<Rectangle2D> plots = plots();
            shading(plots);
            phases(plots);
            timeGrid(plots);
            for (int i = 0; i < chart.panels().size(); i++) {
                panel(chart.panels().get(i), plots.get(i));
            }
            marks(plots);
            timeAxis(plots.get(plots.size() - 1));
            legend();
        } finally {
            g.dispose();
        }
        return image;
    }

    // ---- layout ----

    private List<Rectangle2D> plots() {
        int n = Math.max(1, chart.panels().size());
        double block = (PANELS_BOTTOM - PANELS_TOP - (n - 1) * PANEL_GAP) / (double) n;
        List<Rectangle2D> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double top = PANELS_TOP + i * (block + PANEL_GAP) + HEADER;
            out.add(new Rectangle2D.Double(LEFT, top, RIGHT - LEFT, block - HEADER));
        }
        return out;
    }

    private double x(Instant t) {
        double span = Duration.between(chart.start(), chart.end()).toMillis();
        double at = Duration.between(chart.start(), t).toMillis();
        return LEFT + (RIGHT - LEFT) * at / span;
    }

    private double bottom(List<Rectangle2D> plots) {
        return plots.get(plots.size() - 1).getMaxY();
    }

    // ---- the parts ----

    private void header() {
        g.setColor(INK);
        g.setFont(title);
        g.drawString(chart.title(), LEFT, 32);
        g.setFont(plain);
        g.setColor(MUTED);
        g.drawString(chart.subtitle(), LEFT, 52);
    }

    /** The fault phase lightly, each experiment's run strongly, across every panel. */
    private void shading(List<Rectangle2D> plots) {
        double top = PHASE_TOP + PHASE_HEIGHT;
        double bottom = bottom(plots);
        for (Chart.Span phase : chart.phases()) {
            if (phase.label().equals("fault")) {
                fillSpan(phase, top, bottom, FAULT_PHASE, 0);
            }
        }
        for (Chart.Span experiment : chart.experiments()) {
            // A light tint, so the lines stay readable through a long experiment, and firm edges
            // where it started and ended. One such as stop-task finishes within milliseconds:
            // it still gets a few pixels.
            fillSpan(experiment, PHASE_TOP, bottom, EXPERIMENT, 4);
            g.setColor(EXPERIMENT_EDGE);
            g.setStroke(new BasicStroke(1.5f));
            for (Instant edge : List.of(experiment.start(), experiment.end())) {
                double at = clampX(x(edge));
                g.draw(new Line2D.Double(at, PHASE_TOP, at, bottom));
            }
            g.setStroke(new BasicStroke(1f));
        }
    }

    private void fillSpan(Chart.Span span, double top, double bottom, Color color, double minWidth) {
        double from = clampX(x(span.start()));
        double to = clampX(x(span.end()));
        if (to - from < minWidth) {
            to = Math.min(RIGHT, from + minWidth);
            from = to - minWidth;
        }
        g.setColor(color);
        g.fill(new Rectangle2D.Double(from, top, to - from, bottom - top));
    }

    private void phases(List<Rectangle2D> plots) {
        g.setFont(bold);
        FontMetrics fm = g.getFontMetrics();
        int i = 0;
        for (Chart.Span phase : chart.phases()) {
            double from = clampX(x(phase.start()));
            double to = clampX(x(phase.end()));
            if (to <= from) {
                continue;
            }
            g.setColor(phase.label().equals("fault") ? FAULT_BAND : PHASE_BANDS[i++ % 2]);
            g.fill(new Rectangle2D.Double(from, PHASE_TOP, to - from, PHASE_HEIGHT));
            g.setColor(INK);
            String label = fit(phase.label(), fm, to - from - 6);
            if (!label.isEmpty()) {
                g.drawString(label, (float) ((from + to - fm.stringWidth(label)) / 2),
                        PHASE_TOP + (PHASE_HEIGHT + fm.getAscent() - fm.getDescent()) / 2f);
            }
            // Phase boundaries run through every panel, so a dip can be placed in its phase.
            g.setColor(FRAME);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
            for (double edge : new double[] {from, to}) {
                g.draw(new Line2D.Double(edge, PHASE_TOP, edge, bottom(plots)));
            }
            g.setStroke(new BasicStroke(1f));
        }
        g.setColor(FRAME);
        g.draw(new Rectangle2D.Double(LEFT, PHASE_TOP, RIGHT - LEFT, PHASE_HEIGHT));
        g.setFont(small);
        g.setColor(MUTED);
        rightAligned("phase", LEFT - 8, PHASE_TOP + 16);
        rightAligned("events", LEFT - 8, LANE_TOP + 11);
        for (Chart.Span experiment : chart.experiments()) {
            // The experiment's template is named where the fault shading starts.
            double from = clampX(x(experiment.start()));
            String label = "fault experiment: " + experiment.label();
            g.setFont(small);
            FontMetrics sm = g.getFontMetrics();
            float at = (float) Math.min(from + 6, RIGHT - sm.stringWidth(label) - 4);
            g.setColor(RunTimeline.RED.darker());
            g.drawString(label, at, PHASE_TOP - 4);
        }
    }

    private int tickSeconds() {
        long span = Duration.between(chart.start(), chart.end()).toSeconds();
        for (int step : TICK_SECONDS) {
            if (span / step <= 14) {
                return step;
            }
        }
        return TICK_SECONDS[TICK_SECONDS.length - 1];
    }

    /**
     * Where "T+0:00" is: the first phase's start on its whole second. Ticks are round from there,
     * not on the clock, because phase lengths are round: a tick then falls on each boundary.
     */
    private Instant zero() {
        Instant zero = chart.phases().isEmpty() ? chart.start() : chart.phases().get(0).start();
        return Instant.ofEpochSecond(zero.getEpochSecond());
    }

    private List<Instant> timeTicks() {
        int step = tickSeconds();
        long zero = zero().getEpochSecond();
        long first = zero + Math.floorDiv(chart.start().getEpochSecond() - zero + step - 1, step) * step;
        List<Instant> out = new ArrayList<>();
        for (long t = first; t <= chart.end().getEpochSecond(); t += step) {
            out.add(Instant.ofEpochSecond(t));
        }
        return out;
    }

    private void timeGrid(List<Rectangle2D> plots) {
        g.setColor(GRID);
        for (Instant t : timeTicks()) {
            double at = x(t);
            for (Rectangle2D plot : plots) {
                g.draw(new Line2D.Double(at, plot.getMinY(), at, plot.getMaxY()));
            }
        }
    }

    private void timeAxis(Rectangle2D plot) {
        g.setFont(plain);
        FontMetrics fm = g.getFontMetrics();
        Instant zero = zero();
        double lastRight = Double.NEGATIVE_INFINITY;
        for (Instant t : timeTicks()) {
            double at = x(t);
            g.setColor(FRAME);
            g.draw(new Line2D.Double(at, plot.getMaxY(), at, plot.getMaxY() + 4));
            String clock = CLOCK.format(t);
            // A label near an edge is pushed inside rather than dropped: T+0:00 matters most.
            double left = Math.min(Math.max(at - fm.stringWidth(clock) / 2.0, LEFT - 2),
                    RIGHT + 2 - fm.stringWidth(clock));
            if (left < lastRight + 6) {
                continue;
            }
            lastRight = left + fm.stringWidth(clock);
            g.setColor(INK);
            g.drawString(clock, (float) left, (float) plot.getMaxY() + 18);
            g.setColor(MUTED);
            String offset = offset(Duration.between(zero, t));
            double centre = left + fm.stringWidth(clock) / 2.0;
            g.drawString(offset, (float) (centre - fm.stringWidth(offset) / 2.0), (float) plot.getMaxY() + 33);
        }
        g.setFont(small);
        g.setColor(MUTED);
        rightAligned("UTC", LEFT - 8, (float) plot.getMaxY() + 18);
        rightAligned("since start", LEFT - 8, (float) plot.getMaxY() + 33);
    }

    private static String offset(Duration d) {
        long s = d.toSeconds();
        String sign = s < 0 ? "−" : "+";
        s = Math.abs(s);
        return s >= 3600
                ? String.format(Locale.ROOT, "T%s%d:%02d:%02d", sign, s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "T%s%d:%02d", sign, s / 60, s % 60);
    }

    private void panel(Panel panel, Rectangle2D plot) {
        // Header: title left, legend right, units over their axes.
        double headerBase = plot.getMinY() - 6;
        g.setFont(bold);
        g.setColor(INK);
        g.drawString(panel.title(), LEFT, (float) headerBase);
        g.setFont(small);
        g.setColor(MUTED);
        rightAligned(panel.leftUnit(), LEFT - 8, (float) headerBase);
        if (panel.rightUnit() != null) {
            g.drawString(panel.rightUnit(), RIGHT + 8, (float) headerBase);
        }
        lineLegend(panel, headerBase);

        g.setColor(FRAME);
        g.draw(plot);
        if (!panel.hasData()) {
            g.setFont(bold);
            g.setColor(MUTED);
            FontMetrics fm = g.getFontMetrics();
            String text = "no data";
            g.drawString(text, (float) (plot.getCenterX() - fm.stringWidth(text) / 2.0),
                    (float) plot.getCenterY() + fm.getAscent() / 2f);
            return;
        }
        Axis left = Axis.of(panel.lines().stream().filter(l -> !l.right()).toList(), panel.integral());
        Axis right = panel.rightUnit() == null ? null
                : Axis.of(panel.lines().stream().filter(Line::right).toList(), false);
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        for (double v : left.ticks()) {
            double y = y(v, left, plot);
            if (v > 0) {
                g.setColor(GRID);
                g.draw(new Line2D.Double(plot.getMinX() + 1, y, plot.getMaxX() - 1, y));
            }
            g.setColor(MUTED);
            rightAligned(left.format(v), LEFT - 6, (float) y + fm.getAscent() / 2f - 1);
        }
        if (right != null) {
            for (double v : right.ticks()) {
                double y = y(v, right, plot);
                g.setColor(MUTED);
                g.drawString(right.format(v), RIGHT + 6, (float) y + fm.getAscent() / 2f - 1);
            }
        }
        Shape clip = g.getClip();
        g.clip(new Rectangle2D.Double(plot.getX(), plot.getY() - 2, plot.getWidth(), plot.getHeight() + 3));
        long steps = panel.lines().stream().filter(l -> isStep(l.style())).count();
        int stepIndex = 0;
        for (Line line : panel.lines()) {
            // Step lines of equal value (two zones with one host each) would hide each other:
            // each is nudged a few pixels, a shift far below one unit of the axis.
            double nudge = 0;
            if (isStep(line.style()) && steps > 1) {
                nudge = (stepIndex++ - (steps - 1) / 2.0) * -3;
            }
            draw(line, line.right() ? right : left, plot, nudge);
        }
        g.setClip(clip);
    }

    private static boolean isStep(Line.Style style) {
        return style == Line.Style.STEP || style == Line.Style.DASHED_STEP;
    }

    private void lineLegend(Panel panel, double baseline) {
        g.setFont(plain);
        FontMetrics fm = g.getFontMetrics();
        double at = RIGHT;
        List<Line> lines = new ArrayList<>(panel.lines());
        Collections.reverse(lines);
        for (Line line : lines) {
            String label = line.label() + (line.points().isEmpty() ? " (no data)" : "");
            at -= fm.stringWidth(label);
            g.setColor(line.points().isEmpty() ? MUTED : INK);
            g.drawString(label, (float) at, (float) baseline);
            at -= 26;
            g.setColor(line.color());
            g.setStroke(stroke(line.style(), 2.5f));
            g.draw(new Line2D.Double(at, baseline - 4, at + 20, baseline - 4));
            g.setStroke(new BasicStroke(1f));
            at -= 16;
        }
    }

    private static Stroke stroke(Line.Style style, float width) {
        return style == Line.Style.DASHED_STEP
                ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f)
                : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private void draw(Line line, Axis axis, Rectangle2D plot, double nudge) {
        List<DataPoint> points = line.points();
        if (points.isEmpty()) {
            return;
        }
        Duration period = line.period();
        long gapMillis = period.toMillis() * 3 / 2;
        boolean step = isStep(line.style());
        List<Path2D> runs = new ArrayList<>();
        Path2D path = null;
        DataPoint previous = null;
        for (DataPoint p : points) {
            boolean gap = previous == null
                    || Duration.between(previous.timestamp(), p.timestamp()).toMillis() > gapMillis;
            double y = y(p.value(), axis, plot) + nudge;
            double x0 = x(p.timestamp());
            double x1 = x(p.timestamp().plus(period));
            if (gap) {
                path = new Path2D.Double();
                runs.add(path);
                if (step) {
                    path.moveTo(x0, y);
                } else {
                    path.moveTo((x0 + x1) / 2, y);
                }
            } else if (step) {
                path.lineTo(x0, y);
            } else {
                path.lineTo((x0 + x1) / 2, y);
            }
            if (step) {
                path.lineTo(x1, y);
            }
            previous = p;
        }
        if (line.style() == Line.Style.AREA) {
            double base = y(0, axis, plot);
            g.setColor(new Color(line.color().getRed(), line.color().getGreen(), line.color().getBlue(), 40));
            for (Path2D run : runs) {
                Path2D area = new Path2D.Double(run);
                Rectangle2D b = run.getBounds2D();
                area.lineTo(b.getMaxX(), base);
                area.lineTo(b.getMinX(), base);
                area.closePath();
                g.fill(area);
            }
        }
        g.setColor(line.color());
        g.setStroke(stroke(line.style(), line.style() == Line.Style.AREA ? 1.5f : 2f));
        runs.forEach(g::draw);
        g.setStroke(new BasicStroke(1f));
    }

    private static double y(double value, Axis axis, Rectangle2D plot) {
        double clamped = Math.max(0, Math.min(axis.max(), value));
        return plot.getMaxY() - plot.getHeight() * clamped / axis.max();
    }

    /** Events as thin ticks: solid in the events lane, faint through the panels. */
    private void marks(List<Rectangle2D> plots) {
        g.setColor(FRAME);
        g.draw(new Rectangle2D.Double(LEFT, LANE_TOP, RIGHT - LEFT, LANE_HEIGHT));
        for (Chart.Mark mark : chart.marks()) {
            if (mark.at().isBefore(chart.start()) || !mark.at().isBefore(chart.end())) {
                continue;
            }
            double at = x(mark.at());
            Color c = color(mark.kind());
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
            for (Rectangle2D plot : plots) {
                g.draw(new Line2D.Double(at, plot.getMinY(), at, plot.getMaxY()));
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            g.draw(new Line2D.Double(at, LANE_TOP + 2, at, LANE_TOP + LANE_HEIGHT - 2));
            g.setStroke(new BasicStroke(1f));
        }
    }

    static Color color(Chart.MarkKind kind) {
        return switch (kind) {
            case TASK_STOPPED -> new Color(0xb0, 0x10, 0x10);
            case TASK_STARTED -> new Color(0x1a, 0x8a, 0x1a);
            case TARGET_UNHEALTHY -> new Color(0xe0, 0x80, 0x00);
            case TARGET_HEALTHY -> new Color(0x17, 0x6f, 0xc1);
            case INFRASTRUCTURE -> new Color(0x7b, 0x3f, 0xa0);
            case STOP -> Color.BLACK;
        };
    }

    private void legend() {
        g.setFont(plain);
        FontMetrics fm = g.getFontMetrics();
        float baseline = HEIGHT - 14;
        double at = LEFT;
        at = swatch(at, baseline, FAULT_BAND, "fault phase", fm);
        at = swatch(at, baseline, new Color(0xf0, 0xb8, 0xb8), "experiment running", fm);
        g.setColor(EXPERIMENT_EDGE);
        double swatchLeft = at - 22 - fm.stringWidth("experiment running") - 22;
        g.fill(new Rectangle2D.Double(swatchLeft, baseline - 11, 2, 13));
        g.fill(new Rectangle2D.Double(swatchLeft + 14, baseline - 11, 2, 13));
        Set<Chart.MarkKind> present = EnumSet.noneOf(Chart.MarkKind.class);
        chart.marks().forEach(m -> present.add(m.kind()));
        // The four everyday kinds are always explained; the rarer ones only when they occur.
        for (Chart.MarkKind kind : Chart.MarkKind.values()) {
            if (!present.contains(kind) && kind.ordinal() > Chart.MarkKind.TARGET_HEALTHY.ordinal()) {
                continue;
            }
            g.setColor(color(kind));
            g.setStroke(new BasicStroke(2f));
            g.draw(new Line2D.Double(at + 3, baseline - 11, at + 3, baseline + 2));
            g.setStroke(new BasicStroke(1f));
            g.setColor(INK);
            g.drawString(kind.legend(), (float) at + 10, baseline);
            at += 10 + fm.stringWidth(kind.legend()) + 22;
        }
    }

    private double swatch(double at, float baseline, Color color, String label, FontMetrics fm) {
        g.setColor(color);
        g.fill(new Rectangle2D.Double(at, baseline - 11, 16, 13));
        g.setColor(INK);
        g.drawString(label, (float) at + 22, baseline);
        return at + 22 + fm.stringWidth(label) + 22;
    }

    // ---- helpers ----

    private void rightAligned(String text, double right, float baseline) {
        g.drawString(text, (float) (right - g.getFontMetrics().stringWidth(text)), baseline);
    }

    private static double clampX(double x) {
        return Math.max(LEFT, Math.min(RIGHT, x));
    }

    private static String fit(String text, FontMetrics fm, double width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        for (int n = text.length() - 1; n > 0; n--) {
            String cut = text.substring(0, n) + "…";
            if (fm.stringWidth(cut) <= width) {
                return cut;
            }
        }
        return "";
    }

    /**
     * A value axis from 0 to a round maximum with 3–6 ticks.
     *
     * @param max   the top of the axis
     * @param step  the distance between ticks
     */
    record Axis(double max, double step) {

        static Axis of(List<Line> lines, boolean integral) {
            double top = 0;
            for (Line l : lines) {
                for (DataPoint p : l.points()) {
                    if (Double.isFinite(p.value())) {
                        top = Math.max(top, p.value());
                    }
                }
            }
            if (integral) {
                // Counts get a free unit above the highest one, so a line at the top is not lost
                // in the frame.
                double max = Math.max(1, Math.ceil(top)) + 1;
                double step = Math.max(1, niceStep(max / 4));
                return new Axis(Math.ceil(max / step) * step, step);
            }
            if (top <= 0) {
                return new Axis(1, 0.25);
            }
            double step = niceStep(top * 1.1 / 4);
            return new Axis(Math.ceil(top * 1.1 / step) * step, step);
        }

        /** 1, 2, 2.5 or 5 × a power of ten, at least {@code raw}. */
        static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * magnitude >= raw) {
                    return m * magnitude;
                }
            }
            return 10 * magnitude;
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i * step <= max + step / 1000; i++) {
                out.add(i * step);
            }
            return out;
        }

        String format(double v) {
            if (step >= 1 && Math.rint(step) == step) {
                return String.format(Locale.ROOT, "%.0f", v);
            }
            return step >= 0.1 ? String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "")
                    : String.format(Locale.ROOT, "%.3f", v);
        }
    }
}
