package dev.gameday.report.timeline;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws a run's {@code timeline.png}: client load and errors (with several injectors, each
 * injector's requests per second, labelled with its zone), p99 latency, healthy targets per
 * zone and running tasks on one time axis, phases along the top, fault windows shaded, task and
 * target events ticked — the one picture that shows what a fault did and how the service came
 * back. Drawn from the run directory alone with plain Java2D, 1400×900, deterministic.
 */
public final class Timeline {

    /** The picture's width in pixels. */
    public static final int WIDTH = ChartPainter.WIDTH;
    /** The picture's height in pixels. */
    public static final int HEIGHT = ChartPainter.HEIGHT;

    static {
        // Drawing needs no display. Without this, the first AWT use can start a desktop session
        // (a Dock icon on macOS); a program that set it either way is left alone.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Timeline() {
    }

    /**
     * Writes {@code timeline.png} into the run directory.
     *
     * @param summary the run's summary, or {@code null} when it has none
     * @return the file written
     */
    public static Path write(RunDirectory run, Summary summary) {
        return write(run.timeline(), RunTimeline.of(run, summary));
    }

    /** Writes a chart as PNG (creating the parent folder). */
    public static Path write(Path file, Chart chart) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png(chart));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart chart) {
        return Canvas.png(ChartPainter.paint(chart));
    }
}
