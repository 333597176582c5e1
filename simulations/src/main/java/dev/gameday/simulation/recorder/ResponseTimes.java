package dev.gameday.simulation.recorder;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * How the recorder keeps response times: HdrHistograms of whole milliseconds (Gatling's own
 * resolution) with 3 significant digits, and their text form in {@code client.json}: HdrHistogram's
 * compressed encoding in base64, which any HdrHistogram library decodes and merges exactly.
 */
final class ResponseTimes {

    /** The unit of every recorded value, as {@code client.json} states it. */
    static final String UNIT = "milliseconds";
    /** Values below 2,048 ms are kept exactly; larger ones within 0.1 %. */
    static final int SIGNIFICANT_DIGITS = 3;

    private ResponseTimes() {
    }

    /**
     * A histogram for one past second of one request name. Packed: its memory grows with the
     * values it holds, not with the range, so a bucket per second and name stays small for a long run.
     */
    static PackedHistogram newRecording() {
        return new PackedHistogram(SIGNIFICANT_DIGITS);
    }

    /**
     * The histogram the newest second of a request name records into: plain arrays, the cheapest
     * {@code recordValue}; reused from second to second (see {@code ClientRecorder}).
     */
    static Histogram newLive() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /**
     * A histogram to merge buckets into for a read: plain arrays, so adding a bucket and reading
     * percentiles walk arrays rather than packed indexes (reads merge one per period).
     */
    static Histogram newMergeTarget() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** A response time in whole milliseconds, rounded; never negative. */
    static long millis(Duration responseTime) {
        return Math.max(0, (responseTime.toNanos() + 500_000) / 1_000_000);
    }

    /** HdrHistogram's compressed encoding, base64. */
    static String encode(AbstractHistogram histogram) {
        return text(compress(histogram));
    }

    /** HdrHistogram's compressed encoding: what a past second keeps in memory, and {@code client.json} in base64. */
    static byte[] compress(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** {@link #compress}'s bytes as {@code client.json} holds them. */
    static String text(byte[] compressed) {
        return Base64.getEncoder().encodeToString(compressed);
    }

    /** Decodes {@link #compress}'s bytes. */
    static PackedHistogram decompress(byte[] compressed) {
        try {
            return PackedHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a compressed histogram this recorder wrote does not decode", e);
        }
    }

    /**
     * Decodes {@link #encode}'s text.
     *
     * @throws IllegalArgumentException when the text is not a compressed HdrHistogram in base64
     */
    static PackedHistogram decode(String text) {
        try {
            return PackedHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a compressed HdrHistogram in base64: " + e.getMessage(), e);
        }
    }
}
