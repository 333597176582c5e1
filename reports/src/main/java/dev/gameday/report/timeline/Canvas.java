package dev.gameday.report.timeline;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What every report picture ({@code timeline.png}, {@code recovery.png}, {@code trend.png}) is drawn
 * on and saved as: a white RGB image with the same rendering settings, encoded as PNG with nothing
 * of the clock or host inside — so equal drawings give equal bytes.
 */
public final class Canvas {

    static {
        // Drawing needs no display. Without this, the first AWT use can start a desktop session
        // (a Dock icon on macOS); a program that set it either way is left alone.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Canvas() {
    }

    /** A white {@code width}×{@code height} RGB image. */
    public static BufferedImage image(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Graphics on {@code image} with the pictures' rendering settings; the caller disposes of them. */
    public static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        // Greyscale text antialiasing: sub-pixel (LCD) text would depend on the display setup.
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** The image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            // ImageIO's PNG writer adds no time or host chunk: equal pixels, equal bytes.
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JVM has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
