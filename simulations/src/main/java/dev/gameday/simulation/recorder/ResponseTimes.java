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

    /** HdrHistogram's compressed encoding, base64: what {@code client.json} holds. */
    static String encode(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * HdrHistogram's plain (uncompressed) encoding: what an archived second keeps, deflated with
     * the other seconds of its minute — one deflate over sixty alike histograms packs tighter than
     * sixty on their own.
     */
    static byte[] plain(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** Decodes {@link #plain}'s bytes. */
    static PackedHistogram fromPlain(byte[] plain) {
        return PackedHistogram.decodeFromByteBuffer(ByteBuffer.wrap(plain), 0);
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
