package dev.gameday.report.recovery;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.timeline.Canvas;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws {@code recovery.png}: one horizontal bar per fault on a common axis of seconds from its
 * injection, cut into segments that end at each reached milestone (coloured by that milestone),
 * so the eye sees where the recovery time went. Plain Java2D, deterministic (no clock, logical
 * fonts), like the timeline.
 */
public final class RecoveryChart {

    /** The picture's width in pixels. */
    public static final int WIDTH = 1400;

    private static final int LEFT = 300;
    private static final int RIGHT = WIDTH - 60;
    private static final int TOP = 90;
    private static final int ROW = 70;
    private static final int BAR = 26;
    private static final int[] TICK_SECONDS = {1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600};
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x66, 0x66, 0x66);
    private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
    /** One colour per stage, in stage order (the injection itself has no segment). */
    private static final Color[] COLORS = {new Color(0x55, 0x55, 0x55), new Color(0xd6, 0x27, 0x28),
            new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd), new Color(0x1f, 0x77, 0xb4),
            new Color(0x2c, 0xa0, 0x2c), new Color(0x8c, 0x56, 0x4b)};

    private RecoveryChart() {
    }

    /**
     * Writes {@code recovery.png} beside {@code timeline.png}; a run without faults gets none (a
     * stale one is removed).
     *
     * @return the file written, or {@code null} when the run had no fault
     */
    public static Path write(RunDirectory run, Summary summary) {
        Path file = run.root().resolve("recovery.png");
        try {
            if (summary.recovery().isEmpty()) {
                Files.deleteIfExists(file);
                return null;
            }
            Files.write(file, png(summary.gameday() + " · " + summary.runId(), summary.recovery()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The chart as PNG bytes. */
    public static byte[] png(String subtitle, List<RecoveryAnatomy> faults) {
        int height = TOP + ROW * Math.max(1, faults.size()) + 90;
        BufferedImage image = Canvas.image(WIDTH, height);
        Graphics2D g = Canvas.graphics(image);
        try {
            paint(g, subtitle, faults, height);
        } finally {
            g.dispose();
        }
        return Canvas.png(image);
    }

    private static void paint(Graphics2D g, String subtitle, List<RecoveryAnatomy> faults, int height) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("Recovery anatomy", 24, 34);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(MUTED);
        g.drawString(subtitle + " · seconds from each fault's injection · a segment ends at the milestone of its colour",
                24, 56);
        double max = 1;
        for (RecoveryAnatomy a : faults) {
            for (Milestone m : a.milestones()) {
                if (m.reached()) {
                    max = Math.max(max, m.offsetSeconds());
                }
            }
        }
        max *= 1.08;
        int bottom = TOP + ROW * Math.max(1, faults.size());
        axis(g, max, bottom);
        for (int i = 0; i < faults.size(); i++) {
            bar(g, faults.get(i), TOP + i * ROW + (ROW - BAR) / 2, max);
        }
        legend(g, height - 34);
    }

    private static double x(double seconds, double max) {
        return LEFT + (RIGHT - LEFT) * Math.max(0, seconds) / max;
    }

    private static void axis(Graphics2D g, double max, int bottom) {
        int step = TICK_SECONDS[TICK_SECONDS.length - 1];
        for (int s : TICK_SECONDS) {
            if (max / s <= 12) {
                step = s;
                break;
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int s = 0; s <= max; s += step) {
            int x = (int) Math.round(x(s, max));
            g.setColor(GRID);
            g.drawLine(x, TOP - 6, x, bottom);
            g.setColor(MUTED);
            g.drawString("+" + s + " s", x - 10, bottom + 16);
        }
    }

    private static void bar(Graphics2D g, RecoveryAnatomy a, int y, double max) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(clip(a.fault().action()), 24, y + 11);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(MUTED);
        g.drawString(clip(a.fault().actionId()), 24, y + 25);
        List<Milestone> reached = new ArrayList<>(a.milestones().stream().filter(Milestone::reached).toList());
        reached.sort(Comparator.comparingDouble(Milestone::offsetSeconds));
        double from = 0;
        for (Milestone m : reached) {
            double to = Math.max(from, m.offsetSeconds());
            Color color = color(m);
            if (to > from) {
                g.setColor(color);
                g.fillRect((int) Math.round(x(from, max)), y, (int) Math.max(1, Math.round(x(to, max) - x(from, max))), BAR);
            }
            int mx = (int) Math.round(x(to, max));
            g.setColor(color.darker());
            g.setStroke(new BasicStroke(2f));
            g.drawLine(mx, y - 4, mx, y + BAR + 4);
            from = to;
        }
        g.setStroke(new BasicStroke(1f));
        long missing = a.milestones().stream().filter(m -> !m.reached()).count();
        if (missing > 0) {
            g.setColor(MUTED);
            String names = String.join(", ", a.milestones().stream().filter(m -> !m.reached())
                    .map(m -> Stage.ofKey(m.milestone()).map(Stage::label).orElse(m.milestone())).toList());
            g.drawString("not reached: " + names, LEFT, y + BAR + 16);
        }
        g.setColor(INK);
        g.drawString(String.format(Locale.ROOT, "%.1f s", from), (int) Math.round(x(from, max)) + 6, y + 17);
    }

    private static Color color(Milestone m) {
        return Stage.ofKey(m.milestone()).map(s -> COLORS[s.ordinal()]).orElse(MUTED);
    }

    private static void legend(Graphics2D g, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = 24;
        for (Stage s : Stage.values()) {
            if (s == Stage.INJECTED) {
                continue;
            }
            g.setColor(COLORS[s.ordinal()]);
            g.fillRect(x, y - 10, 14, 12);
            g.setColor(INK);
            String text = "→ " + s.label();
            g.drawString(text, x + 20, y);
            x += 40 + g.getFontMetrics().stringWidth(text);
        }
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 39) + "…" : text;
    }
}
