package dev.gameday.report.trend;

import dev.gameday.report.summary.Summary;
import dev.gameday.report.timeline.Canvas;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws {@code trend.png}: one small panel per game day and value (each SLO's measured value, each
 * recovery milestone's offset), runs along the x axis oldest first, points green where the SLO (or,
 * for milestones, the run) passed and red where it did not. Plain Java2D, deterministic.
 */
final class TrendChart {

    static final int WIDTH = 1400;
    private static final int PANEL = 110;
    private static final int TOP = 70;
    private static final int LEFT = 330;
    private static final int RIGHT = WIDTH - 40;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x88, 0x88, 0x88);
    private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
    private static final Color PASS = new Color(0x2c, 0xa0, 0x2c);
    private static final Color FAIL = new Color(0xd6, 0x27, 0x28);

    private TrendChart() {
    }

    /** One panel: its title, values per run and whether each run passed. */
    private record Panel(String title, double[] values, boolean[] passed) {
    }

    static byte[] png(Trend trend) {
        List<Panel> panels = new ArrayList<>();
        trend.runs().forEach((gameday, runs) -> trend.values(gameday).forEach((key, values) -> {
            boolean[] passed = new boolean[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                Summary s = runs.get(i);
                passed[i] = key.startsWith("slo ")
                        ? s.slos().stream().filter(r -> key.equals("slo " + r.name())).anyMatch(r -> r.verdict().isMet())
                        : s.verdict() == Summary.RunVerdict.PASS;
            }
            panels.add(new Panel(gameday + (trend.flaky().contains(gameday) ? " (flaky)" : "") + " · " + key, values,
                    passed));
        }));
        int height = TOP + PANEL * Math.max(1, panels.size()) + 20;
        BufferedImage image = Canvas.image(WIDTH, height);
        Graphics2D g = Canvas.graphics(image);
        try {
            g.setColor(INK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString("Game day trend", 24, 34);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(MUTED);
            g.drawString("runs oldest → newest · SLO measured values and recovery milestones (s after injection) · "
                    + "green passed, red failed", 24, 54);
            for (int i = 0; i < panels.size(); i++) {
                panel(g, panels.get(i), TOP + i * PANEL);
            }
        } finally {
            g.dispose();
        }
        return Canvas.png(image);
    }

    private static void panel(Graphics2D g, Panel p, int top) {
        int plotTop = top + 10;
        int plotBottom = top + PANEL - 20;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(INK);
        String title = p.title().length() > 50 ? p.title().substring(0, 49) + "…" : p.title();
        g.drawString(title, 24, plotTop + 20);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p.values()) {
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        g.setColor(GRID);
        g.drawRect(LEFT, plotTop, RIGHT - LEFT, plotBottom - plotTop);
        if (min == Double.POSITIVE_INFINITY) {
            g.setColor(MUTED);
            g.drawString("no data", LEFT + 10, (plotTop + plotBottom) / 2);
            return;
        }
        if (max - min < 1e-9) {
            max = min + Math.max(1e-3, Math.abs(min) * 0.1);
            min = min - (max - min);
        }
        g.setColor(MUTED);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(String.format(Locale.ROOT, "%.6g", max), LEFT - 60, plotTop + 10);
        g.drawString(String.format(Locale.ROOT, "%.6g", min), LEFT - 60, plotBottom);
        int n = p.values().length;
        double prevX = Double.NaN;
        double prevY = Double.NaN;
        for (int i = 0; i < n; i++) {
            double v = p.values()[i];
            double x = n == 1 ? (LEFT + RIGHT) / 2.0 : LEFT + 20 + (RIGHT - LEFT - 40) * i / (double) (n - 1);
            if (Double.isNaN(v)) {
                g.setColor(MUTED);
                g.drawString("×", (int) x - 3, plotBottom - 2);
                prevX = Double.NaN;
                continue;
            }
            double y = plotBottom - 6 - (plotBottom - plotTop - 12) * (v - min) / (max - min);
            if (!Double.isNaN(prevX)) {
                g.setColor(MUTED);
                g.setStroke(new BasicStroke(1.5f));
                g.draw(new Line2D.Double(prevX, prevY, x, y));
            }
            g.setColor(p.passed()[i] ? PASS : FAIL);
            g.fillOval((int) Math.round(x) - 5, (int) Math.round(y) - 5, 10, 10);
            prevX = x;
            prevY = y;
        }
    }
}
